#!/usr/bin/env bash
# Builds the Linux packages from the jar and libraries `mvn package` left in target/:
#   target/installer/runtime      trimmed Java runtime with JavaFX (jlink)
#   target/installer/virtharden   self-contained app image (jpackage --type app-image)
#   target/installer/*.deb        Debian/Ubuntu package; *.rpm too where rpmbuild exists
# Run by `mvn -Pinstaller package` (exec-maven-plugin, see pom.xml); by hand:
#   installer/build-linux.sh target 0.1.0-SNAPSHOT
# Needs: JDK 17 (jlink, jpackage), dpkg-deb and fakeroot for the .deb, rpmbuild for the .rpm.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:-target}
version=${2:?usage: build-linux.sh TARGET_DIR PROJECT_VERSION [app-image|all]}
what=${3:-all}
appver=${version%%-*}            # jpackage wants numbers only: 0.1.0-SNAPSHOT -> 0.1.0
out=$target/installer
jdk_bin=${JAVA_HOME:+$JAVA_HOME/bin/}

[ -f "$target/virtharden.jar" ] || { echo "build-linux.sh: $target/virtharden.jar missing: run mvn package first" >&2; exit 1; }
rm -rf "$out"
mkdir -p "$out/input/lib" "$out/jfxmods"

# JavaFX (linux classifier jars) goes into the runtime as modules; everything else stays on the class path
cp "$target/virtharden.jar" "$out/input/"
for j in "$target"/lib/*.jar; do
  case "$(basename "$j")" in
    javafx-*-linux.jar) cp "$j" "$out/jfxmods/" ;;
    javafx-*) ;;                              # the empty platform-neutral javafx jars
    *) cp "$j" "$out/input/lib/" ;;
  esac
done

modules=$(grep -v '^\s*#' installer/runtime-modules.txt | grep -v '^\s*$' | paste -sd, -)
echo "jlink: $modules"
"${jdk_bin}jlink" --module-path "$out/jfxmods" --add-modules "$modules" \
  --include-locales=en,de,fr,es,it,nl,pt,sv,da,fi,nb,pl,cs,ja,zh \
  --strip-java-debug-attributes --strip-native-debug-symbols=objcopy=$(command -v objcopy) --no-header-files --no-man-pages --compress=2 --generate-cds-archive \
  --output "$out/runtime"
# jlink links the classes of the JavaFX jars but not the native libraries at their root
for j in "$out"/jfxmods/*.jar; do
  jar_path=$(realpath "$j")
  libs=$("${jdk_bin}jar" tf "$jar_path" | grep '^[^/]*\.so$' || true)
  if [ -n "$libs" ]; then (cd "$out/runtime/lib" && "${jdk_bin}jar" xf "$jar_path" $libs); fi
done
# the CDS archive for -XX:-UseCompressedOops (heaps over 32 GB) is never used by this app: 10 MB saved
rm -f "$out/runtime/lib/server/classes_nocoops.jsa"

"${jdk_bin}jpackage" @installer/jpackage/app-image.opts --type app-image \
  --input "$out/input" --runtime-image "$out/runtime" --icon icons/virtharden.png \
  --app-version "$appver" --dest "$out"
echo "app image: $out/virtharden ($(du -sh "$out/virtharden" | cut -f1))"
[ "$what" = app-image ] && exit 0

"${jdk_bin}jpackage" @installer/jpackage/linux-package.opts --type deb \
  --app-image "$out/virtharden" --app-version "$appver" --dest "$out" --linux-package-deps libgtk-3-0
if command -v rpmbuild >/dev/null; then
  "${jdk_bin}jpackage" @installer/jpackage/linux-package.opts --type rpm \
    --app-image "$out/virtharden" --app-version "$appver" --dest "$out" --linux-package-deps gtk3
else
  echo "rpmbuild not found: no .rpm (apt-get install rpm, or build on a Red Hat-like system)"
fi
ls -l "$out"/*.deb "$out"/*.rpm 2>/dev/null || true
