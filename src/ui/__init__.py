"""The app shell and reusable widgets."""
