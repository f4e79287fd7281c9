"""Text shared by the language-model demos (no demo is registered here).

``docstring_corpus`` collects the summary paragraphs of syllabus' own public docstrings at
run time: a small English-and-code corpus that ships with the package.
"""

from __future__ import annotations

import inspect


def docstring_corpus(n_chars: int) -> str:
    """Docstrings of syllabus' public objects, read at run time, whitespace collapsed,
    printable ASCII only, cut to ``n_chars`` characters."""
    import syllabus.autograd
    import syllabus.nn
    import syllabus.optim
    import syllabus.train

    parts = []
    for module in (syllabus.nn, syllabus.optim, syllabus.autograd, syllabus.train):
        parts.append(module.__doc__ or "")
        for name in sorted(getattr(module, "__all__", [])):
            doc = inspect.getdoc(getattr(module, name, None))
            if doc:
                parts.append(doc.split("\n\n")[0])  # the summary paragraph
    text = " ".join(" ".join(parts).split())
    text = "".join(c for c in text if 32 <= ord(c) < 127)
    return text[:n_chars]
