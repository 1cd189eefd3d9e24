; Inno Setup 6 script for ILL Desk's Windows setup program. UNTESTED on this project's build
; machine (Linux): written against the Inno Setup 6 documentation, see installers/README.md.
;
; installers/build.py runs it after PyInstaller when `iscc` is on PATH:
;   iscc /DAppVersion=0.1.0 /DDistDir=C:\path\to\dist /OC:\path\to\dist illdesk.iss
; DistDir is build.py's --dist folder: it holds pyinstaller\illdesk (the program folder, with
; illdesk.exe for the command line and "ILL Desk.exe" for the window) and build\illdesk.ico.

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z /DDistDir=... illdesk.iss
#endif
#ifndef DistDir
  #define DistDir "..\..\dist"
#endif

[Setup]
; The AppId ties upgrades and the uninstaller to earlier installs: never change it.
AppId={{6C1F2A7E-3B9D-4E55-9A1C-2D7F0B84E3A6}
AppName=ILL Desk
AppVersion={#AppVersion}
AppVerName=ILL Desk {#AppVersion}
AppPublisher=ILL Desk developers
AppCopyright=Free software under the GNU General Public License, version 3 or later
; Per user by default (no administrator needed); the first page offers "for all users".
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DefaultDirName={autopf}\ILL Desk
DefaultGroupName=ILL Desk
DisableProgramGroupPage=yes
LicenseFile=..\..\LICENSE
SetupIconFile={#DistDir}\build\illdesk.ico
UninstallDisplayIcon={app}\ILL Desk.exe
UninstallDisplayName=ILL Desk
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
WizardStyle=modern
Compression=lzma2
SolidCompression=yes
OutputBaseFilename=illdesk-{#AppVersion}-windows-setup
; A running ILL Desk is closed (after asking) before its files are replaced.
CloseApplications=yes
; Version information of setup.exe itself (Properties > Details).
VersionInfoVersion={#AppVersion}
VersionInfoProductName=ILL Desk
VersionInfoProductVersion={#AppVersion}
VersionInfoDescription=ILL Desk setup
VersionInfoCompany=ILL Desk developers

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; Installing over an older version: its program files go first, so no module of the old
; version is left beside the new one. The data lives elsewhere (%LOCALAPPDATA%\illdesk) and
; the new version upgrades it on its first start, after saving a copy beside it.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#DistDir}\pyinstaller\illdesk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\ILL Desk"; Filename: "{app}\ILL Desk.exe"; Comment: "Interlibrary loan workstation"
Name: "{autodesktop}\ILL Desk"; Filename: "{app}\ILL Desk.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\ILL Desk.exe"; Description: "{cm:LaunchProgram,ILL Desk}"; Flags: nowait postinstall skipifsilent

[Code]
{ The uninstaller removes the program and keeps the library's data: the local workspace, its
  backup copies and this workstation's settings in %LOCALAPPDATA%\illdesk. Only when the
  person says so (the default answer is No; a silent uninstall never asks and keeps it) is
  that folder removed too. Passwords in Windows Credential Manager are not touched. }
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  DataDir: String;
begin
  if CurUninstallStep <> usPostUninstall then
    Exit;
  DataDir := ExpandConstant('{localappdata}\illdesk');
  if UninstallSilent() or not DirExists(DataDir) then
    Exit;
  if MsgBox('ILL Desk is removed. Its data is still on this computer, in' + #13#10 + DataDir +
            #13#10#13#10 + 'It holds the local database with every request, its backup ' +
            'copies, and this workstation''s settings. Delete it too? This cannot be undone.',
            mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES then
    DelTree(DataDir, True, True, True);
end;
