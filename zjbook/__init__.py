"""zjbook: the helper package of the Zhangjiang analysis book.

Data contract (schema), validation, number formatting, figure house style, generated
commentary, and the build pipeline (papermill + Jupyter Book) live here; the notebooks
only tell the story.
"""
