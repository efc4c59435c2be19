"""The report and letter templates, installed as the package ``compliance.templates``.

This folder is their one copy (setup.cfg maps the package here); ``build_templates.py`` rebuilds
the Word files. An edited copy in a ``templates/`` folder next to config.yaml takes precedence,
file by file.
"""
