"""Fondassistenten: shared settings for the knowledge index, the rules, the actions and the web app."""
