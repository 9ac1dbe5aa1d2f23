; 述职评议助手 Windows 安装程序（NSIS 3，64 位）。
; scripts/package-windows.sh 以 makensis -INPUTCHARSET UTF8 -DVERSION=… -DSTAGE=… -DOUTFILE=… 调用。
; 以普通用户运行时只为当前用户安装（无需管理员权限），以管理员运行时为所有用户安装；
; 静默安装：setup.exe /S（可加 /AllUsers 或 /CurrentUser），静默卸载：uninstall.exe /S，
; 卸载时默认保留数据库，勾选“同时删除……”或静默卸载时加 /DELETEDATA 才删除。

Unicode true
Target amd64-unicode
SetCompressor /SOLID lzma
; Both programs carry the same CJK font (most of their size); a 64 MB window lets LZMA
; find the second copy in the first, so the font is stored about once.
SetCompressorDictSize 64
ManifestDPIAware true

!define APPID "cn.shuzhi.desktop"
!define APPNAME "述职评议助手"
!define PUBLISHER "述职评议助手"

!define MULTIUSER_EXECUTIONLEVEL Highest
!define MULTIUSER_MUI
!define MULTIUSER_INSTALLMODE_COMMANDLINE
!define MULTIUSER_USE_PROGRAMFILES64
!define MULTIUSER_INSTALLMODE_INSTDIR "${APPNAME}"
!define MULTIUSER_INSTALLMODE_INSTALL_REGISTRY_KEY "Software\${APPID}"
!define MULTIUSER_INSTALLMODE_INSTALL_REGISTRY_VALUENAME "InstallLocation"
!define MULTIUSER_INSTALLMODE_UNINSTALL_REGISTRY_KEY "Software\${APPID}"
!define MULTIUSER_INSTALLMODE_UNINSTALL_REGISTRY_VALUENAME "InstallLocation"
!include MultiUser.nsh
!include MUI2.nsh
!include LogicLib.nsh
!include FileFunc.nsh
!include nsDialogs.nsh

Name "${APPNAME}"
OutFile "${OUTFILE}"
BrandingText "${APPNAME} ${VERSION}"
RequestExecutionLevel user

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=2052 "ProductName" "${APPNAME}"
VIAddVersionKey /LANG=2052 "FileDescription" "${APPNAME} 安装程序"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "LegalCopyright" "MIT License"

!define MUI_ICON "${STAGE}\shuzhi.ico"
!define MUI_UNICON "${STAGE}\shuzhi.ico"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\shuzhi-desktop.exe"
!define MUI_FINISHPAGE_RUN_TEXT "现在启动${APPNAME}"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MULTIUSER_PAGE_INSTALLMODE
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
UninstPage custom un.DataPage un.DataPageLeave
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "SimpChinese"

Var DeleteData
Var DeleteDataBox

Function .onInit
  !insertmacro MULTIUSER_INIT
FunctionEnd

Function un.onInit
  !insertmacro MULTIUSER_UNINIT
  StrCpy $DeleteData 0
  ${GetParameters} $0
  ClearErrors
  ${GetOptions} $0 "/DELETEDATA" $1
  ${IfNot} ${Errors}
    StrCpy $DeleteData 1
  ${EndIf}
FunctionEnd

Section "${APPNAME}" SecMain
  SectionIn RO
  SetOutPath "$INSTDIR"
  File "${STAGE}\shuzhi-desktop.exe"
  File "${STAGE}\shuzhi.exe"
  File "${STAGE}\WebView2Loader.dll"
  File "${STAGE}\shuzhi.ico"
  File "${STAGE}\LICENSE-fonts.txt"
  File "${STAGE}\使用说明.txt"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortcut "$SMPROGRAMS\${APPNAME}.lnk" "$INSTDIR\shuzhi-desktop.exe" "" "$INSTDIR\shuzhi.ico"
  CreateShortcut "$DESKTOP\${APPNAME}.lnk" "$INSTDIR\shuzhi-desktop.exe" "" "$INSTDIR\shuzhi.ico"

  !define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APPID}"
  WriteRegStr SHCTX "Software\${APPID}" "InstallLocation" "$INSTDIR"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayName" "${APPNAME}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\shuzhi.ico"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe" /$MultiUser.InstallMode'
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /$MultiUser.InstallMode /S'
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "EstimatedSize" $0
SectionEnd

Function un.DataPage
  !insertmacro MUI_HEADER_TEXT "数据库" "卸载程序默认保留数据库、备份和导出的文件。"
  nsDialogs::Create 1018
  Pop $0
  ${NSD_CreateLabel} 0 0 100% 36u "述职评议的数据保存在 $APPDATA\shuzhi（数据库及其自动备份），导出的文件在“文档\${APPNAME}”。重新安装后可继续使用这些数据。"
  Pop $0
  ${NSD_CreateCheckbox} 0 44u 100% 12u "同时删除数据库和备份（不可恢复）"
  Pop $DeleteDataBox
  nsDialogs::Show
FunctionEnd

Function un.DataPageLeave
  ${NSD_GetState} $DeleteDataBox $0
  ${If} $0 == ${BST_CHECKED}
    StrCpy $DeleteData 1
  ${EndIf}
FunctionEnd

Section "Uninstall"
  Delete "$INSTDIR\shuzhi-desktop.exe"
  Delete "$INSTDIR\shuzhi.exe"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\shuzhi.ico"
  Delete "$INSTDIR\LICENSE-fonts.txt"
  Delete "$INSTDIR\使用说明.txt"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\${APPNAME}.lnk"
  Delete "$DESKTOP\${APPNAME}.lnk"
  DeleteRegKey SHCTX "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APPID}"
  DeleteRegKey SHCTX "Software\${APPID}"
  ${If} $DeleteData == 1
    ; Each user's data is their own: only the uninstalling user's folder is removed.
    SetShellVarContext current
    RMDir /r "$APPDATA\shuzhi"
  ${EndIf}
SectionEnd
