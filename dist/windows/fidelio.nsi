; Fidelio's Windows installer: for the current user only, no administrator rights asked.
;
; Built by dist/build, never by hand:
;   makensis -DVERSION=0.1.0 -DSTAGE=<folder> -DOUTFILE=<Fidelio-0.1.0-setup.exe> fidelio.nsi
; STAGE holds fidelio.exe (the window), fidelio.com (the terminal's way in, see
; src/bin/fidelio-console.rs), fidelio.ico and THIRD-PARTY-LICENCES.txt.
;
; Everything it writes is the user's own: the program in %LOCALAPPDATA%\Programs\Fidelio, the
; file types under HKCU\Software\Classes, the Start-menu entry, the user's PATH. `/S` installs
; and uninstalls silently; the uninstaller keeps the owner's settings (%APPDATA%\Fidelio)
; unless its box is ticked, or `/REMOVESETTINGS` is given with `/S`.

; fidelio.exe is x86-64 only, and so is the installer: wine64 runs it for dist/check.
Target amd64-unicode
!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"
!include "WinMessages.nsh"

!ifndef VERSION | STAGE | OUTFILE
  !error "dist/build passes VERSION, STAGE and OUTFILE"
!endif

Name "Fidelio"
OutFile "${OUTFILE}"
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\Programs\Fidelio"
InstallDirRegKey HKCU "Software\Fidelio" "InstallDir"
SetCompressor /SOLID lzma
ShowInstDetails show
BrandingText "Fidelio ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=1033 "ProductName" "Fidelio"
VIAddVersionKey /LANG=1033 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "FileDescription" "Fidelio ${VERSION} setup"
VIAddVersionKey /LANG=1033 "LegalCopyright" "MIT OR Apache-2.0"

!define CLASSES "Software\Classes"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Fidelio"
!define APP_PATHS "Software\Microsoft\Windows\CurrentVersion\App Paths"

!define MUI_ICON "${STAGE}\fidelio.ico"
!define MUI_UNICON "${STAGE}\fidelio.ico"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\fidelio.exe"
!define MUI_COMPONENTSPAGE_NODESC

!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES

; The first language is the fallback; an Italian Windows gets the Italian pages.
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_LANGUAGE "Italian"

LangString SEC_PROGRAM ${LANG_ENGLISH} "Fidelio"
LangString SEC_PROGRAM ${LANG_ITALIAN} "Fidelio"
LangString SEC_SETTINGS ${LANG_ENGLISH} "Also delete my settings, goals and reviews"
LangString SEC_SETTINGS ${LANG_ITALIAN} "Elimina anche impostazioni, obiettivi e revisioni"
LangString DATA_TYPE ${LANG_ENGLISH} "Spreadsheet export"
LangString DATA_TYPE ${LANG_ITALIAN} "Esportazione di foglio di calcolo"
LangString WORKSPACE_TYPE ${LANG_ENGLISH} "Fidelio workspace"
LangString WORKSPACE_TYPE ${LANG_ITALIAN} "Area di lavoro di Fidelio"
LangString PATH_TOO_LONG ${LANG_ENGLISH} "Your PATH is too long to change safely: run Fidelio's commands from $INSTDIR."
LangString PATH_TOO_LONG ${LANG_ITALIAN} "Il PATH è troppo lungo per modificarlo senza rischi: esegui i comandi di Fidelio da $INSTDIR."

; The file types Fidelio opens (src/import/read.rs, OPENABLE; tests/packaging.rs checks the two agree).
!macro ForEachDataType MACRO
  !insertmacro ${MACRO} ".csv"
  !insertmacro ${MACRO} ".tsv"
  !insertmacro ${MACRO} ".xlsx"
  !insertmacro ${MACRO} ".xlsm"
  !insertmacro ${MACRO} ".xls"
  !insertmacro ${MACRO} ".ods"
!macroend

!macro OpenWith EXT
  WriteRegStr HKCU "${CLASSES}\${EXT}\OpenWithProgids" "Fidelio.Data" ""
  WriteRegStr HKCU "${CLASSES}\Applications\fidelio.exe\SupportedTypes" "${EXT}" ""
!macroend

!macro NoLongerOpenWith EXT
  DeleteRegValue HKCU "${CLASSES}\${EXT}\OpenWithProgids" "Fidelio.Data"
  DeleteRegKey /ifempty HKCU "${CLASSES}\${EXT}\OpenWithProgids"
  DeleteRegKey /ifempty HKCU "${CLASSES}\${EXT}"
!macroend

; $R0: PATH without the entries equal to $INSTDIR (any case, with or without a final "\").
!macro PathWithout UN
Function ${UN}PathWithout
  Exch $R0
  Push $R1
  Push $R2
  Push $R3
  Push $R4
  StrCpy $R1 ""
  StrCpy $R2 0
  ${Do}
    ; $R3: the next entry, up to the next ";" or the end.
    StrCpy $R3 ""
    ${Do}
      StrCpy $R4 $R0 1 $R2
      IntOp $R2 $R2 + 1
      ${If} $R4 == ";"
      ${OrIf} $R4 == ""
        ${Break}
      ${EndIf}
      StrCpy $R3 "$R3$R4"
    ${Loop}
    ${If} $R3 != ""
    ${AndIf} $R3 != "$INSTDIR"
    ${AndIf} $R3 != "$INSTDIR\"
      ${If} $R1 == ""
        StrCpy $R1 $R3
      ${Else}
        StrCpy $R1 "$R1;$R3"
      ${EndIf}
    ${EndIf}
  ${LoopUntil} $R4 == ""
  StrCpy $R0 $R1
  Pop $R4
  Pop $R3
  Pop $R2
  Pop $R1
  Exch $R0
FunctionEnd
!macroend
!insertmacro PathWithout ""
!insertmacro PathWithout "un."

Section "!$(SEC_PROGRAM)" SecProgram
  SectionIn RO
  SetOutPath "$INSTDIR"
  File "${STAGE}\fidelio.exe"
  File "${STAGE}\fidelio.com"
  File "${STAGE}\fidelio.ico"
  File "${STAGE}\THIRD-PARTY-LICENCES.txt"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  WriteRegStr HKCU "Software\Fidelio" "InstallDir" "$INSTDIR"

  SetShellVarContext current
  CreateShortCut "$SMPROGRAMS\Fidelio.lnk" "$INSTDIR\fidelio.exe" "" "$INSTDIR\fidelio.exe" 0

  ; Workspaces: Fidelio is their program.
  WriteRegStr HKCU "${CLASSES}\Fidelio.Workspace" "" "$(WORKSPACE_TYPE)"
  WriteRegStr HKCU "${CLASSES}\Fidelio.Workspace\DefaultIcon" "" "$INSTDIR\fidelio.exe,0"
  WriteRegStr HKCU "${CLASSES}\Fidelio.Workspace\shell\open\command" "" '"$INSTDIR\fidelio.exe" "%1"'
  WriteRegStr HKCU "${CLASSES}\.fidelio" "" "Fidelio.Workspace"
  WriteRegStr HKCU "${CLASSES}\.fidelio\OpenWithProgids" "Fidelio.Workspace" ""

  ; Exports: "Open with Fidelio", leaving the owner's default program (Excel, LibreOffice) alone.
  WriteRegStr HKCU "${CLASSES}\Fidelio.Data" "" "$(DATA_TYPE)"
  WriteRegStr HKCU "${CLASSES}\Fidelio.Data\DefaultIcon" "" "$INSTDIR\fidelio.exe,0"
  WriteRegStr HKCU "${CLASSES}\Fidelio.Data\shell\open\command" "" '"$INSTDIR\fidelio.exe" "%1"'
  WriteRegStr HKCU "${CLASSES}\Applications\fidelio.exe" "FriendlyAppName" "Fidelio"
  WriteRegStr HKCU "${CLASSES}\Applications\fidelio.exe\DefaultIcon" "" "$INSTDIR\fidelio.exe,0"
  WriteRegStr HKCU "${CLASSES}\Applications\fidelio.exe\shell\open\command" "" '"$INSTDIR\fidelio.exe" "%1"'
  !insertmacro ForEachDataType OpenWith
  WriteRegStr HKCU "${APP_PATHS}\fidelio.exe" "" "$INSTDIR\fidelio.exe"

  ; `fidelio summary` from a new terminal: fidelio.com on the user's PATH. NSIS reads at most
  ; 1024 characters, so a PATH near that length is left untouched rather than cut short.
  ReadRegStr $0 HKCU "Environment" "Path"
  StrLen $1 $0
  ${If} $1 >= 1000
    DetailPrint "$(PATH_TOO_LONG)"
  ${Else}
    Push $0
    Call PathWithout
    Pop $0
    ${If} $0 == ""
      WriteRegExpandStr HKCU "Environment" "Path" "$INSTDIR"
    ${Else}
      WriteRegExpandStr HKCU "Environment" "Path" "$0;$INSTDIR"
    ${EndIf}
    SendMessage ${HWND_BROADCAST} ${WM_SETTINGCHANGE} 0 "STR:Environment" /TIMEOUT=500
  ${EndIf}

  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "Fidelio"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "Fidelio"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\fidelio.exe,0"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" $0
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1

  ; Explorer shows the new icons and "Open with" entries without a restart.
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
SectionEnd

Section "un.$(SEC_PROGRAM)" UnSecProgram
  SectionIn RO
  SetShellVarContext current
  Delete "$SMPROGRAMS\Fidelio.lnk"
  Delete "$INSTDIR\fidelio.exe"
  Delete "$INSTDIR\fidelio.com"
  Delete "$INSTDIR\fidelio.ico"
  Delete "$INSTDIR\THIRD-PARTY-LICENCES.txt"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"

  DeleteRegKey HKCU "${CLASSES}\Fidelio.Workspace"
  DeleteRegKey HKCU "${CLASSES}\Fidelio.Data"
  DeleteRegKey HKCU "${CLASSES}\Applications\fidelio.exe"
  DeleteRegKey HKCU "${APP_PATHS}\fidelio.exe"
  ReadRegStr $0 HKCU "${CLASSES}\.fidelio" ""
  ${If} $0 == "Fidelio.Workspace"
    DeleteRegValue HKCU "${CLASSES}\.fidelio" ""
  ${EndIf}
  DeleteRegValue HKCU "${CLASSES}\.fidelio\OpenWithProgids" "Fidelio.Workspace"
  DeleteRegKey /ifempty HKCU "${CLASSES}\.fidelio\OpenWithProgids"
  DeleteRegKey /ifempty HKCU "${CLASSES}\.fidelio"
  !insertmacro ForEachDataType NoLongerOpenWith

  ReadRegStr $0 HKCU "Environment" "Path"
  StrLen $1 $0
  ${If} $1 < 1000
    Push $0
    Call un.PathWithout
    Pop $1
    ${If} $1 != $0
      WriteRegExpandStr HKCU "Environment" "Path" "$1"
      SendMessage ${HWND_BROADCAST} ${WM_SETTINGCHANGE} 0 "STR:Environment" /TIMEOUT=500
    ${EndIf}
  ${EndIf}

  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  DeleteRegKey HKCU "Software\Fidelio"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
SectionEnd

; Unticked unless asked: the owner's goals and reviews outlive a reinstall.
Section /o "un.$(SEC_SETTINGS)" UnSecSettings
  SetShellVarContext current
  RMDir /r "$APPDATA\Fidelio"
SectionEnd

Function un.onInit
  ${GetParameters} $0
  ClearErrors
  ${GetOptions} $0 "/REMOVESETTINGS" $1
  ${IfNot} ${Errors}
    SectionSetFlags ${UnSecSettings} ${SF_SELECTED}
  ${EndIf}
FunctionEnd
