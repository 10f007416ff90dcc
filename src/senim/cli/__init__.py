"""The senim command line."""
