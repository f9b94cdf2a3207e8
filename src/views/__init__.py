"""One module per screen of the counter workflow."""
