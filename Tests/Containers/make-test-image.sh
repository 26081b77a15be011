#!/bin/sh
# Imports the tiny image the container tests run: a busybox root filesystem made from the
# statically linked busybox of Debian's busybox-static (never pulled from a registry).
# Usage: make-test-image.sh RUNTIME IMAGE. Does nothing when IMAGE is already there.
set -eu
runtime=$1
image=$2
if "$runtime" image inspect --format '{{.Id}}' "$image" >/dev/null 2>&1; then
    exit 0
fi
busybox=$(command -v busybox || true)
if [ -z "$busybox" ]; then
    echo "busybox is not installed; apt-get install busybox-static" >&2
    exit 2
fi
if ldd "$busybox" >/dev/null 2>&1; then
    echo "$busybox is linked dynamically and cannot run alone in an image; apt-get install busybox-static" >&2
    exit 2
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/root
mkdir -p "$root/bin" "$root/etc" "$root/root" "$root/tmp"
chmod 1777 "$root/tmp"
cp "$busybox" "$root/bin/busybox"
for applet in $("$busybox" --list); do
    [ "$applet" = busybox ] || ln -s busybox "$root/bin/$applet"
done
echo 'root:x:0:0:root:/root:/bin/sh' >"$root/etc/passwd"
echo 'root:x:0:' >"$root/etc/group"
tar -C "$root" -cf "$work/rootfs.tar" .
"$runtime" import --change 'CMD ["/bin/sh"]' --change 'ENV PATH=/bin' "$work/rootfs.tar" "$image" >/dev/null
