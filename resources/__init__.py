"""Data files shipped with the app: fonts, policy, translations."""
