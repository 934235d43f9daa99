"""Small screens: at 1024×768 every tab fits and every control can be reached;
the window opens inside the screen; splitters come back where they were left."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QByteArray, QPoint, QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QComboBox,
    QPushButton,
    QSplitter,
    QStyle,
    QStyleOptionComboBox,
    QToolButton,
    QWidget,
)

from drivers import screens
from thidua_desktop.ui.widgets import app_settings

SMALL = (1024, 768)


def _scroll_area_of_viewport(widget: QWidget) -> QAbstractScrollArea | None:
    area = widget.parentWidget()
    return area if isinstance(area, QAbstractScrollArea) and area.viewport() is widget else None


def unreachable(control: QWidget, window: QWidget) -> str | None:
    """Why ``control`` cannot be seen whole in ``window`` (None when it can):
    each parent must hold it whole, except a scroll area's viewport, whose
    content is reached by scrolling (the scroll area itself must then fit)."""
    rect = QRect(QPoint(0, 0), control.size())
    widget = control
    while widget is not window:
        parent = widget.parentWidget()
        rect = rect.translated(widget.pos())
        if _scroll_area_of_viewport(parent) is not None:
            widget = parent.parentWidget()
            rect = QRect(QPoint(0, 0), widget.size())
            continue
        if not parent.rect().contains(rect):
            return (f"{type(control).__name__} {control.objectName() or _text(control)!r}: {rect} outside "
                    f"{type(parent).__name__} {parent.objectName()!r} {parent.rect()}")
        widget = parent
    return None


def _text(control: QWidget) -> str:
    return control.currentText() if isinstance(control, QComboBox) else control.text()


def combo_cut(combo: QComboBox) -> str | None:
    """A combo box whose text is cut, unless its tooltip gives the whole text."""
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    field = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                         QStyle.SubControl.SC_ComboBoxEditField, combo)
    needed = combo.fontMetrics().horizontalAdvance(combo.currentText())
    if needed > field.width() and combo.toolTip() != combo.currentText():
        return f"combo {combo.objectName()!r} shows {field.width()} px of {combo.currentText()!r} ({needed} px)"
    popup = combo.view()
    widest = max((combo.fontMetrics().horizontalAdvance(combo.itemText(i)) for i in range(combo.count())), default=0)
    if max(popup.minimumWidth(), combo.width()) < widest:
        return f"the list of {combo.objectName()!r} is narrower than its longest item ({widest} px)"
    return None


def problems_at_small_size(window, qtbot) -> list[str]:
    window.resize(*SMALL)
    qtbot.waitUntil(lambda: window.width() == SMALL[0])
    found = []
    hint = window.minimumSizeHint()
    if hint.width() > SMALL[0] or hint.height() > 740:
        found.append(f"minimum size {hint.width()}×{hint.height()}")
    for name, tab in screens(window):
        for _ in range(3):  # a changed size hint reaches the outer layouts one event at a time
            QGuiApplication.processEvents()
        hint = window.minimumSizeHint()
        if hint.width() > SMALL[0] or hint.height() > 740:
            found.append(f"{name}: the window needs {hint.width()}×{hint.height()}")
        if window.size().toTuple() != SMALL:
            found.append(f"{name}: the window grew to {window.size().toTuple()}")
        controls = [c for cls in (QPushButton, QToolButton, QComboBox) for c in tab.findChildren(cls)]
        shown = [c for c in controls if c.isVisibleTo(window) and c.isEnabled()]
        assert shown, f"{name}: no control found"
        for control in shown:
            why = unreachable(control, window)
            if why:
                found.append(f"{name}: {why}")
            if isinstance(control, QComboBox) and (cut := combo_cut(control)):
                found.append(f"{name}: {cut}")
    return found


def test_every_tab_fits_1024x768_with_demo_data(show_window, decisions_demo, qtbot):
    window = show_window(decisions_demo)
    assert window.council_tab is not None
    assert problems_at_small_size(window, qtbot) == []


def test_every_tab_fits_1024x768_on_an_empty_file(show_window, db, qtbot):
    window = show_window(db)
    window.show_tabs()  # past the welcome panel, as "Bắt đầu với tệp trống" does
    assert problems_at_small_size(window, qtbot) == []


def test_the_checks_see_a_control_out_of_reach(show_window, db, qtbot):
    """The helper above is not vacuous: a button pushed past the window's edge is found."""
    window = show_window(db)
    window.show_tabs()
    window.resize(*SMALL)
    button = QPushButton("Ngoài màn hình", window.tabs.currentWidget())
    button.move(SMALL[0] + 10, 5)
    button.show()
    assert "outside" in unreachable(button, window)
    combo = QComboBox(window.tabs.currentWidget())
    combo.addItem("Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh")
    combo.setFixedWidth(60)
    assert combo_cut(combo)


def test_window_opens_inside_the_screen(show_window, db, qtbot):
    """A size and place remembered from a bigger screen are brought inside this one."""
    probe = QWidget()
    qtbot.addWidget(probe)
    probe.resize(1800, 1100)
    probe.move(900, 700)
    settings = app_settings()
    settings.setValue("window/geometry", probe.saveGeometry())
    settings.sync()
    window = show_window(db)
    area = QGuiApplication.primaryScreen().availableGeometry()
    assert area.contains(window.frameGeometry()), (window.frameGeometry(), area)
    assert window.width() >= window.minimumSizeHint().width()


@pytest.mark.parametrize("key,attribute", [("registrations", "registration_tab"), ("council", "council_tab"),
                                           ("staff", "staff_tab"), ("decisions", "decision_tab"),
                                           ("proposals", "proposal_tab")])
def test_splitters_come_back_where_they_were_left(show_window, decisions_demo, qtbot, key, attribute):
    window = show_window(decisions_demo, key)
    splitter = getattr(window, attribute).findChild(QSplitter)
    total = sum(splitter.sizes())
    splitter.setSizes([total // 2, total - total // 2])
    splitter.splitterMoved.emit(total // 2, 1)  # what dragging the handle does
    moved = splitter.sizes()
    again = show_window(decisions_demo, key)
    restored = getattr(again, attribute).findChild(QSplitter)
    assert isinstance(app_settings().value(f"splitters/{key}"), QByteArray)
    assert abs(restored.sizes()[0] - moved[0]) <= 2, (restored.sizes(), moved)


def test_big_dialogs_open_within_a_small_screen(decisions_window, qtbot):
    from thidua_desktop.ui.audit_dialog import AuditDialog
    from thidua_desktop.ui.imports.wizard import ImportWizard
    from thidua_desktop.ui.rules_dialog import RulesDialog

    window = decisions_window
    area = QGuiApplication.primaryScreen().availableGeometry()
    dialogs = {"audit": AuditDialog(window), "rules": RulesDialog(window), "import": ImportWizard(window, window.db),
               "print": window.decision_tab.dialog("print"), "template": window.decision_tab.dialog("template")}
    for name, dialog in dialogs.items():
        qtbot.addWidget(dialog)
        assert dialog.width() <= area.width() and dialog.height() <= area.height(), (name, dialog.size(), area)
        assert dialog.width() >= dialog.minimumSizeHint().width(), name


def test_a_flow_row_wraps_instead_of_widening(qtbot):
    from PySide6.QtWidgets import QVBoxLayout

    from thidua_desktop.ui.widgets import FlowLayout

    box = QWidget()
    qtbot.addWidget(box)
    outer = QVBoxLayout(box)
    row = FlowLayout()
    buttons = [QPushButton(f"Nút số {i} khá dài") for i in range(6)]
    for button in buttons[1:]:
        row.addWidget(button)
    row.insertWidget(0, buttons[0])
    outer.addLayout(row)
    widest = max(b.sizeHint().width() for b in buttons)
    assert box.minimumSizeHint().width() < 2 * widest  # never the sum of the buttons
    box.resize(widest + 30, 400)
    box.show()
    qtbot.waitUntil(lambda: buttons[-1].y() > buttons[0].y())
    assert [b.y() for b in buttons] == sorted(b.y() for b in buttons)
    assert all(box.rect().contains(b.geometry()) for b in buttons)
    assert row.heightForWidth(widest + 10) > row.heightForWidth(10 * widest)
