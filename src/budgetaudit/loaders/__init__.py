"""Readers for formats other than plain text: PDF, Word (.docx), web pages, Excel (.xlsx).

Each turns untrusted bytes into a :class:`~budgetaudit.model.SourceText` or raises
:class:`~budgetaudit.load.InputError` with a one-line reason. They are imported only when a file
of their kind is read, so checking plain text never loads a PDF library.
"""
