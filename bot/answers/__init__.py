"""The answers room: pricing results to LINE messages (Flex cards, text, quick replies)."""
