"""Helpers for assistive technology that show nothing on screen."""

# Read by screen readers (and tests), not shown: a table's caption when the heading says it.
VISUALLY_HIDDEN = {
    "position": "absolute",
    "width": "1px",
    "height": "1px",
    "overflow": "hidden",
    "clip": "rect(0 0 0 0)",
    "whiteSpace": "nowrap",
}
