#!/usr/bin/env bash
# Build the one-folder bundle with PyInstaller and smoke-test the frozen programs.
#
#   bash packaging/build-and-smoke.sh
#
# Needs only Python (uv is installed with pip when missing). Exits non-zero when
# any step fails. The bundle lands in dist/ThiDua (ThiDua = the window,
# thidua = the command line); the smoke run's files in a temporary folder whose
# path is printed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }
fail() { printf 'LỖI: %s\n' "$*" >&2; exit 1; }

command -v uv >/dev/null 2>&1 || python3 -m pip install --quiet uv || python -m pip install --quiet uv

step "Cài môi trường (nhóm packaging: PyInstaller)"
uv sync --group packaging

step "Đóng gói (PyInstaller, một thư mục)"
rm -rf build/pyinstaller dist/ThiDua
uv run --group packaging pyinstaller --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller packaging/thidua.spec

BUNDLE="dist/ThiDua"
EXE_SUFFIX=""
case "$(uname -s)" in MINGW*|MSYS*|CYGWIN*) EXE_SUFFIX=".exe" ;; esac
APP="$BUNDLE/ThiDua$EXE_SUFFIX"
CLI="$BUNDLE/thidua$EXE_SUFFIX"
[ -x "$APP" ] || fail "không thấy $APP"
[ -x "$CLI" ] || fail "không thấy $CLI"

SMOKE="$(mktemp -d)"
# a folder with Vietnamese letters and spaces, as on a secretary's PC
WORK="$SMOKE/Tài liệu của Nguyễn Văn An"
mkdir -p "$WORK"
export THIDUA_DATA_DIR="$WORK/dữ liệu" QT_QPA_PLATFORM=offscreen
DB="$WORK/thi đua 2026.sqlite"

step "Dữ liệu mẫu bằng chương trình đã đóng gói"
"$CLI" demo --db "$DB" --staff 200

step "Mở cửa sổ và chụp màn hình"
"$APP" --db "$DB" --tab registrations --screenshot "$WORK/cua-so.png"
[ -s "$WORK/cua-so.png" ] || fail "không có ảnh chụp cửa sổ"
step "Xem trước giấy khen (QtPdf trong gói)"
"$APP" --db "$DB" --screenshot "$WORK/in-giay-khen.png" --dialog print
[ -s "$WORK/in-giay-khen.png" ] || fail "không có ảnh hộp thoại in giấy khen"

step "Xuất bảng tổng hợp đăng ký"
CAMPAIGN="$("$CLI" campaigns --db "$DB" | awk -F'\t' '$3 ~ /^[0-9]+$/ {print $1; exit}')"
[ -n "$CAMPAIGN" ] || fail "không tìm thấy phong trào thường xuyên"
"$CLI" export-registrations --db "$DB" --campaign "$CAMPAIGN" "$WORK/tong-hop.xlsx"
[ -s "$WORK/tong-hop.xlsx" ] || fail "không có bảng tổng hợp"

step "In phiếu bầu và biên bản"
MEETING="$("$CLI" meetings --db "$DB" | awk -F'\t' 'NR == 1 {print $1}')"
"$CLI" ballots --db "$DB" --meeting "$MEETING" "$WORK/phieu-bau.pdf"
"$CLI" minutes --db "$DB" --meeting "$MEETING" "$WORK/bien-ban.pdf"
[ -s "$WORK/phieu-bau.pdf" ] || fail "không có phiếu bầu"

step "Giấy khen của quyết định lớn nhất"
DECISION="$("$CLI" decisions --db "$DB" | sort -t$'\t' -k6 -nr | awk -F'\t' 'NR == 1 {print $1}')"
if "$CLI" --help | grep -q certificates; then
    "$CLI" certificates --db "$DB" --decision "$DECISION" "$WORK/giay-khen.pdf"
    [ -s "$WORK/giay-khen.pdf" ] || fail "không có giấy khen"
else
    fail "chương trình chưa có lệnh certificates"
fi
"$CLI" export-awards --db "$DB" --year "$(( $(date +%Y) - 1 ))" "$WORK/so-khen-thuong.xlsx"

step "Chỉ các mô-đun Qt chương trình dùng"
ALLOWED=" QtCore QtGui QtWidgets QtUiTools QtPrintSupport QtPdf QtPdfWidgets "
MODULES="$(ls "$BUNDLE/_internal/PySide6" | grep -oE '^Qt[A-Za-z0-9]+\.' | tr -d . | sort -u | tr '\n' ' ')"
echo "Mô-đun Qt trong gói: $MODULES"
for m in $MODULES; do
    case "$ALLOWED" in *" $m "*) ;; *) fail "gói có mô-đun Qt không dùng: $m" ;; esac
done
! ls "$BUNDLE/_internal/PySide6" | grep -qiE 'webengine|qml|quick' || fail "gói có WebEngine/QML"

step "Kết quả"
du -sh "$BUNDLE"
ls -la "$WORK"
echo "Đạt. Các tệp chạy thử: $WORK"
