"""``thidua document``: the Word documents of the cycle from their templates (services.documents.word).

``thidua document --list`` names each kind (its key first), then its name and the template in use;
``thidua document KIND --db F --meeting M | --decision D | --campaign C | --proposal P [--blank-number] out.docx``
writes one. A field or a setting missing is one Vietnamese line and exit 2, nothing written.
"""
from __future__ import annotations

import argparse

from ..services.documents.word import kinds as word_kinds
from .common import CliError, Commands, on_data_file, out_path

__all__ = ["add_parsers"]


def _list() -> list[str]:
    return [f"{kind.key}\t{kind.name}\t{word_kinds.template_path(kind)}" for kind in word_kinds.kinds()]


@on_data_file()
def _write(db, args: argparse.Namespace) -> str:
    from ..services.documents.word.documents import write_document

    kind = word_kinds.get_kind(args.kind)
    ref = getattr(args, kind.needs)
    if ref is None:
        raise CliError(f"“{kind.name}” lập từ một {word_kinds.NEEDS[kind.needs]}: thêm --{kind.needs} MÃ")
    path = write_document(db, kind.key, ref, out_path(args.out, ".docx"), blank=args.blank_number)
    return f"Đã ghi {kind.name}: {path}"


def _run(args: argparse.Namespace) -> int:
    if args.list:
        for line in _list():
            print(line)
        return 0
    if not args.kind or not args.out:
        raise CliError("cần LOẠI và TỆP.docx, ví dụ: thidua document quyet_dinh --decision 3 qd.docx "
                       "(các loại: thidua document --list)")
    word_kinds.get_kind(args.kind)  # an unknown kind is refused before the data file is opened
    out_path(args.out, ".docx")
    return _write(args)


class _Intermixed(argparse.ArgumentParser):
    """A parser whose positionals may stand before and after the options (``KIND --db F … out.docx``): plain
    argparse gives every positional its turn at the first run of them and leaves ``out.docx`` unrecognised."""

    _inside = False

    def parse_known_args(self, args=None, namespace=None):
        if self._inside:
            return super().parse_known_args(args, namespace)
        self._inside = True
        try:
            return self.parse_known_intermixed_args(args, namespace)
        finally:
            self._inside = False


def add_parsers(commands: Commands) -> None:
    p = commands.add("document", _run, "lập văn bản Word (quyết định, tờ trình, biên bản, giấy mời …) từ mẫu")
    p.__class__ = _Intermixed
    p.add_argument("kind", nargs="?", metavar="LOẠI", help="loại văn bản (xem --list)")
    p.add_argument("out", nargs="?", metavar="TỆP.docx")
    p.add_argument("--list", action="store_true", help="liệt kê các loại văn bản và mẫu đang dùng")
    for need, label in word_kinds.NEEDS.items():
        p.add_argument(f"--{need}", type=int, metavar="MÃ", help=f"mã {label}")
    p.add_argument("--blank-number", action="store_true", help="để trống số văn bản cho văn thư điền")
