#!/usr/bin/env bash
# Regenerates every icon file from the two SVG sources. Needs (Debian): librsvg2-bin (rsvg-convert),
# imagemagick (convert, for the .ico) and icnsutils (png2icns, for the .icns).
#   16 px        <- virtharden-small.svg (drawn on a 16-pixel grid, stays crisp)
#   24..512 px   <- virtharden.svg
# Then copies the window-icon sizes into the app's resources.
set -euo pipefail
cd "$(dirname "$0")"
sizes=(16 24 32 48 64 128 256 512)
mkdir -p png
for s in "${sizes[@]}"; do
  src=virtharden.svg
  [ "$s" -eq 16 ] && src=virtharden-small.svg
  rsvg-convert -w "$s" -h "$s" "$src" -o "png/virtharden-$s.png"
done
# Windows: one .ico with the sizes Explorer and the taskbar use (256 is stored as PNG inside)
/usr/bin/convert png/virtharden-{16,24,32,48,64,128,256}.png virtharden.ico
# macOS: .icns with the sizes png2icns knows (16, 32, 48, 128, 256, 512)
png2icns virtharden.icns png/virtharden-{16,32,48,128,256,512}.png >/dev/null
# Linux packages: jpackage takes one PNG for the launcher and the desktop entry
cp png/virtharden-256.png virtharden.png
# the window icon (VirthardenApp): the sizes window managers and task switchers ask for
res=../src/main/resources/org/virtharden/ui/icons
mkdir -p "$res"
for s in 16 32 48 64 128 256; do cp "png/virtharden-$s.png" "$res/"; done
echo "icons regenerated: png/ virtharden.ico virtharden.icns virtharden.png $res/"
