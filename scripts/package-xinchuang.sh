#!/usr/bin/env bash
# Builds the browser app (`shuzhi app`) for 信创 desktops — 统信 UOS V20, 银河麒麟 Kylin V10 —
# where the window cannot run (no WebKitGTK 4.1) and glibc is older than Debian 12's:
#   target/dist/shuzhi-<version>-linux-x86_64.tar.gz    static (musl), runs on any x86_64 Linux
#   target/dist/shuzhi-<version>-linux-aarch64.tar.gz   static (musl), 飞腾/鲲鹏 arm64
#   target/dist/cn.shuzhi.desktop_<version>_amd64.deb   laid out as 统信应用商店 expects
#   target/dist/cn.shuzhi.desktop_<version>_arm64.deb
# Then checks them: no glibc symbol in the binaries, and the arm64 one runs under qemu.
# loongarch64 is not built: see docs/xinchuang.md.
source "$(dirname "$0")/lib.sh"
started=$SECONDS

APPID=cn.shuzhi.desktop
ensure_apt build-essential pkg-config ca-certificates
ensure_rust
ensure_node
ensure_xinchuang_tools

cd "$REPO_ROOT"
build_ui
VERSION="$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)"
DIST="$REPO_ROOT/target/dist"
mkdir -p "$DIST"
rm -f "$DIST"/shuzhi-*-linux-*.tar.gz "$DIST"/cn.shuzhi.desktop_*.deb

say "构建 x86_64（静态，musl）"
cargo build --locked --profile installer -p shuzhi --bin shuzhi --target x86_64-unknown-linux-musl
say "构建 arm64（静态，musl，zig 交叉编译）"
cargo zigbuild --locked --profile installer -p shuzhi --bin shuzhi --target aarch64-unknown-linux-musl

# stage ARCH_NAME DEB_ARCH TRIPLE: the .tar.gz and the .deb of one architecture.
stage() {
  local name="$1" deb_arch="$2" triple="$3"
  local binary="target/$triple/installer/shuzhi"

  local folder="shuzhi-$VERSION-linux-$name"
  local tree="$DIST/$folder"
  mkdir -p "$tree"
  cp "$binary" "$tree/shuzhi"
  cp -r ui/dist "$tree/ui"
  sed "s/@VERSION@/$VERSION/" packaging/xinchuang/README.txt > "$tree/README.txt"
  tar -C "$DIST" -czf "$DIST/$folder.tar.gz" "$folder"
  rm -rf "$tree"

  local root="$DIST/deb-$deb_arch"
  local app="$root/opt/apps/$APPID"
  mkdir -p "$app/files/bin" "$app/files/share/shuzhi" "$app/entries/applications" "$root/DEBIAN"
  cp "$binary" "$app/files/bin/shuzhi"
  cp -r ui/dist "$app/files/share/shuzhi/ui"
  sed "s|@APPID@|$APPID|g" packaging/xinchuang/app.desktop > "$app/entries/applications/$APPID.desktop"
  for size in 32 128 256 512; do
    local icon="src-tauri/icons/${size}x${size}.png"
    [ "$size" = 256 ] && icon="src-tauri/icons/128x128@2x.png"
    [ "$size" = 512 ] && icon="src-tauri/icons/icon.png"
    mkdir -p "$app/entries/icons/hicolor/${size}x${size}/apps"
    cp "$icon" "$app/entries/icons/hicolor/${size}x${size}/apps/$APPID.png"
  done
  sed "s/@VERSION@/$VERSION/; s/@ARCH@/$deb_arch/; s/@APPID@/$APPID/" packaging/xinchuang/info > "$app/info"
  local size_kb
  size_kb="$(du -sk "$root/opt" | cut -f1)"
  sed "s/@VERSION@/$VERSION/; s/@ARCH@/$deb_arch/; s/@APPID@/$APPID/; s/@SIZE@/$size_kb/" \
    packaging/xinchuang/control > "$root/DEBIAN/control"
  chmod -R u=rwX,go=rX "$root"
  chmod 755 "$app/files/bin/shuzhi"
  dpkg-deb --root-owner-group -Zxz --build "$root" "$DIST/${APPID}_${VERSION}_${deb_arch}.deb" >/dev/null
  rm -rf "$root"
}
stage x86_64 amd64 x86_64-unknown-linux-musl
stage aarch64 arm64 aarch64-unknown-linux-musl

say "检查"
for triple in x86_64-unknown-linux-musl aarch64-unknown-linux-musl; do
  binary="target/$triple/installer/shuzhi"
  file "$binary"
  # A static binary asks the system's C library for nothing: no GLIBC_ version at all.
  if objdump -T "$binary" 2>/dev/null | grep -q GLIBC_; then
    echo "错误：$binary 依赖系统的 glibc" >&2
    exit 1
  fi
done
bash "$REPO_ROOT/scripts/check-arm64.sh" target/aarch64-unknown-linux-musl/installer/shuzhi
for deb in "$DIST"/*.deb; do
  dpkg-deb --info "$deb" | sed -n 's/^ \(Package\|Version\|Architecture\|Installed-Size\): /  \1: /p'
  if dpkg-deb --ctrl-tarfile "$deb" | tar -t | grep -qE 'postinst|preinst|postrm|prerm'; then
    echo "错误：$deb 含有安装脚本" >&2
    exit 1
  fi
done
ls -l "$DIST"
say "信创安装包已生成（用时 $((SECONDS - started)) 秒）：$DIST"
