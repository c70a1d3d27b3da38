"""policy-tracker: watch published privacy policies and report precisely when and how they change."""

__version__ = "0.1.0"
