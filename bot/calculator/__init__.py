"""The calculator page (/calculator): the three plans' monthly cost for a send pattern, drawn and in words."""
