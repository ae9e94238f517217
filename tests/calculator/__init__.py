"""Tests of the calculator page, its JSON API and its chart."""
