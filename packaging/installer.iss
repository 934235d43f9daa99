; Inno Setup script: the installer a secretary double-clicks.
; Saved as UTF-8 with a byte-order mark: Inno Setup 6 then reads the Vietnamese texts correctly.
;   iscc packaging\installer.iss        (after packaging\build-and-smoke.sh built dist\ThiDua)
; Per-user install by default ({autopf} = %LOCALAPPDATA%\Programs without admin rights); Start-menu shortcut, optional desktop
; shortcut; the uninstaller removes the program only — never the data folder
; (%APPDATA%\ThiDua\ThiDua Desktop) nor its backups.

#define AppName "ThiĐua Desktop"
#define AppVersion "0.1.0"
#define AppExe "ThiDua.exe"

[Setup]
AppId={{6C1B7E0A-2F3D-4C55-9E61-7A1D2B9C4E10}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=ThiĐua Desktop
DefaultDirName={autopf}\ThiDua Desktop
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
OutputDir=..\dist
OutputBaseFilename=ThiDua-Desktop-{#AppVersion}-cai-dat
SetupIconFile=..\resources\icons\thidua.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
ChangesAssociations=yes
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible

[Languages]
; Vietnamese.isl is Inno Setup's own (unofficial) translation; the Windows workflow
; fetches it next to this script. Without it the wizard falls back to English.
#ifexist "Vietnamese.isl"
Name: "vi"; MessagesFile: "Vietnamese.isl"
#else
Name: "en"; MessagesFile: "compiler:Default.isl"
#endif

[CustomMessages]
DesktopIcon=Tạo biểu tượng trên màn hình nền
LaunchNow=Mở ThiĐua Desktop ngay
CommandLine=ThiĐua Desktop — dòng lệnh
KeepData=Dữ liệu và các bản sao lưu trong %APPDATA%\ThiDua được giữ nguyên khi gỡ chương trình.

[Tasks]
Name: "desktopicon"; Description: "{cm:DesktopIcon}"; Flags: unchecked

[Registry]
; Double-click: ThiĐua Desktop joins the "Open with" list of .sqlite files without
; taking over other programs' files; the data file path arrives as the first argument.
Root: HKA; Subkey: "Software\Classes\ThiDua.DataFile"; ValueType: string; ValueName: ""; ValueData: "Tệp dữ liệu ThiĐua Desktop"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\ThiDua.DataFile\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"
Root: HKA; Subkey: "Software\Classes\ThiDua.DataFile\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
Root: HKA; Subkey: "Software\Classes\.sqlite\OpenWithProgids"; ValueType: string; ValueName: "ThiDua.DataFile"; ValueData: ""; Flags: uninsdeletevalue

[Files]
Source: "..\dist\ThiDua\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchNow}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; only what the program itself wrote inside {app}; the data folder is never listed here
Type: filesandordirs; Name: "{app}\__pycache__"
