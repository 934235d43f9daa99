"""The ``thidua`` command line as a package: every command module is wired in."""
import importlib
import pkgutil

from thidua_desktop import cli


def _subcommands():
    parser = cli.build_parser()
    return next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction").choices


def test_every_module_declaring_subcommands_is_listed_and_each_subcommand_runs_something():
    declaring = {name for _, name, _ in pkgutil.iter_modules(cli.__path__)
                 if name != "__main__" and hasattr(importlib.import_module(f"thidua_desktop.cli.{name}"), "add_parsers")}
    assert declaring == {m.__name__.rsplit(".", 1)[1] for m in cli.MODULES}
    subs = _subcommands()
    assert len(subs) >= 30
    for name, sub in subs.items():
        assert callable(sub.get_default("run")), name


def test_an_output_file_with_another_suffix_is_refused_before_the_data_file_is_opened(tmp_path, capsys):
    missing = tmp_path / "chua-co.sqlite"
    assert cli.main(["export-staff", "--db", str(missing), str(tmp_path / "ds.csv")]) == cli.EXIT_ERROR
    assert "phải có đuôi .xlsx" in capsys.readouterr().err
    assert cli.main(["export-decision", "--db", str(missing), "--decision", "1",
                     str(tmp_path / "qd.docx")]) == cli.EXIT_ERROR
    assert "phải có đuôi .xlsx hoặc .pdf" in capsys.readouterr().err
    assert not missing.exists()
