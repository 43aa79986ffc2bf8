"""The published site: PDF, headless Chromium, screenshots and the Sphinx extension."""
