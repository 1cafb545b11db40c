"""The Gradio front end (``python app.py`` starts it); see app.py for which module holds what."""

import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # no calls home; the machine may be offline
