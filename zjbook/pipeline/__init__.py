"""One build: staging, papermill execution, the notebook cache, Jupyter Book, publishing, benchmark."""
