"""deskcrm: a keyboard-first terminal CRM for agency recruiters."""

__version__ = "0.1.0"
