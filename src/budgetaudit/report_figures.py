"""Write the figures of ``budgetaudit extract``: a Rich table, CSV, JSON or Parquet.

Formatting only. Documents arrive one by one and are written as they come (the whole run is
never held in memory); a file given with ``--output`` is replaced only when all is written.

- ``table``: one Rich table per document, for reading.
- ``csv``: UTF-8, a header row, one row per figure; ``value`` is the exact decimal.
- ``json``: one array of objects, one per figure; ``value`` is a JSON number, exact.
- ``parquet`` (needs pyarrow, ``pip install 'budgetaudit[tables]'``): ``value`` is a
  ``decimal128(38, 12)``; integers are nullable ``int64``.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import IO, Any

from budgetaudit.atomic import write_whole
from budgetaudit.figures import COLUMNS, Extraction, Figure

FORMATS = ("table", "csv", "json", "parquet")
PARQUET_BATCH = 50_000  # figures per row group: bounded memory, few enough groups
VALUE_SCALE = 12  # decimals kept in Parquet (money from 元 with 4 decimals needs 8)

OnDocument = Callable[[Extraction], None]


def write(
    extractions: Iterable[Extraction], fmt: str, output: str | None, seen: OnDocument
) -> None:
    """Write every figure of ``extractions`` in ``fmt`` to ``output`` (``None``: stdout).

    ``seen`` is called with each extraction as it passes (the caller notes errors there).
    """
    docs = _tap(extractions, seen)
    if fmt == "parquet":
        if output is None:
            raise ValueError("--format parquet needs --output FILE")
        write_whole(output, lambda tmp: _parquet(docs, tmp))
        return
    writer: Callable[[Iterator[Extraction], IO[str] | None], None]
    writer = {"table": _table, "csv": _csv, "json": _json}[fmt]
    if output is None and fmt == "table":
        _table(docs, None)  # Rich's console decides on colour
        return
    if output is None:
        sys.stdout.flush()
        # CSV and JSON are UTF-8 whatever the locale says.
        stream = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="")
        try:
            writer(docs, stream)
            stream.flush()
        finally:
            stream.detach()  # leave sys.stdout's buffer open
        return

    def to_file(tmp: str) -> None:
        # A CSV file gets a byte-order mark: Excel on Chinese Windows would read it as GBK.
        encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
        with open(tmp, "w", encoding=encoding, newline="") as fh:
            writer(docs, fh)

    write_whole(output, to_file)


def _tap(extractions: Iterable[Extraction], seen: OnDocument) -> Iterator[Extraction]:
    for extraction in extractions:
        seen(extraction)
        yield extraction


def _text(value: Any) -> str:
    if isinstance(value, Decimal):
        return format(value, "f")  # never 1E+1
    return "" if value is None else str(value)


def _csv(docs: Iterator[Extraction], stream: IO[str] | None) -> None:
    assert stream is not None
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(COLUMNS)
    for doc in docs:
        writer.writerows([_text(getattr(f, c)) for c in COLUMNS] for f in doc.figures)


def _json(docs: Iterator[Extraction], stream: IO[str] | None) -> None:
    assert stream is not None
    stream.write("[")
    first = True
    for doc in docs:
        for figure in doc.figures:
            stream.write("\n  " if first else ",\n  ")
            stream.write(_json_object(figure))
            first = False
    stream.write("\n]\n" if not first else "]\n")


def _json_object(figure: Figure) -> str:
    parts = []
    for column in COLUMNS:
        value = getattr(figure, column)
        text = (
            format(value, "f")
            if isinstance(value, Decimal)
            else json.dumps(value, ensure_ascii=False)
        )
        parts.append(f'"{column}": {text}')
    return "{" + ", ".join(parts) + "}"


def _table(docs: Iterator[Extraction], stream: IO[str] | None) -> None:
    from rich.table import Table
    from rich.text import Text

    from budgetaudit import report_rich

    console = report_rich.make_console(stream, colour=stream is None)
    for doc in docs:
        meta = " · ".join(str(p) for p in (doc.kind, doc.year, doc.department) if p)
        if doc.error is not None:
            console.print(Text(doc.path, style="bold") + Text(f"  cannot read: {doc.error}"))
            continue
        table = Table(title=Text(f"{doc.path}  {meta}".rstrip()), title_justify="left")
        for column, justify in (
            ("line", "right"), ("section", "left"), ("concept", "left"), ("label", "left"),
            ("value", "right"), ("unit", "left"), ("period", "left"),
        ):  # fmt: skip
            table.add_column(column, justify=justify)  # type: ignore[arg-type]
        for f in doc.figures:
            section = (f.section or "").split(" › ")[-1]
            table.add_row(
                f"{f.line}:{f.column}",
                Text(section),
                f.concept or "",
                Text(f.label),
                _text(f.value),
                f.unit,
                f.period,
            )
        console.print(table)


def _parquet(docs: Iterator[Extraction], path: str) -> None:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise ValueError(
            "--format parquet needs pyarrow: pip install 'budgetaudit[tables]'"
        ) from None
    types = {
        "value": pa.decimal128(38, VALUE_SCALE),
        "year": pa.int64(),
        "line": pa.int64(),
        "column": pa.int64(),
        "page": pa.int64(),
    }
    schema = pa.schema([(c, types.get(c, pa.string())) for c in COLUMNS])
    quantum = Decimal(1).scaleb(-VALUE_SCALE)
    with pq.ParquetWriter(path, schema) as writer:
        rows: list[Figure] = []

        def flush() -> None:
            columns = {c: [getattr(f, c) for f in rows] for c in COLUMNS}
            columns["value"] = [v.quantize(quantum) for v in columns["value"]]
            writer.write_table(pa.table(columns, schema=schema))
            rows.clear()

        for doc in docs:
            rows.extend(doc.figures)
            if len(rows) >= PARQUET_BATCH:
                flush()
        if rows:
            flush()


def check_parquet(output: str) -> None:
    """Raise ``ValueError`` (one line) if Parquet cannot be written to ``output``."""
    import importlib.util

    if not output:
        raise ValueError("--format parquet needs --output FILE")
    if importlib.util.find_spec("pyarrow") is None:
        raise ValueError("--format parquet needs pyarrow: pip install 'budgetaudit[tables]'")
