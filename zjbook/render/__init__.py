"""Rendering: numbers as text, the figures' house style and font, output onto book pages."""
