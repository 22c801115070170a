#!/usr/bin/env bash
# Installs NeckCare.Device from its release archive on a Raspberry Pi (Raspberry Pi OS bookworm, 64-bit)
# as a hardened systemd service. Run it from the unpacked archive (bash deploy/release.sh builds one):
#
#   sudo ./install.sh [--backend Gpio|Serial|Simulator] [--yes]     install, or upgrade in place
#   sudo ./install.sh --rollback                                    back to the version before
#   sudo ./install.sh --uninstall [--purge]                         remove (--purge: the state too)
#
# No network and no .NET runtime are needed: the programs are Native AOT executables. What it does,
# each step idempotent:
#   1. checks the archive (SHA256SUMS) and that this machine can run it (64-bit, glibc 2.34 or newer);
#   2. creates the neckcare user in groups gpio, i2c and dialout (systemd-sysusers);
#   3. installs the programs to /opt/neckcare/releases/<version>, owned by root, and points
#      /opt/neckcare/current at them; the version it replaces stays as /opt/neckcare/previous
#      (one --rollback away). /usr/bin/neckcare is the CLI;
#   4. writes /etc/neckcare/neckcare.env (the service's settings) unless it exists;
#   5. writes udev rules: /dev/neckcare-mcu for a USB-serial microcontroller, gpiochip*, i2c and PWM
#      for their groups;
#   6. for the GPIO backend, adds the dtoverlay lines to config.txt, only with your consent;
#   7. installs, enables and (re)starts the unit (Type=notify, watchdog, hardened).
# The state directory (/var/lib/neckcare: credential, pairings, history, limits, tuned gains) and
# /etc/neckcare/neckcare.env are never touched by an upgrade, a rollback or an uninstall without --purge.
#
# --root DIR installs into DIR instead of / (for tests and image builders): nothing is started, and
# systemd-sysusers and systemctl work on DIR offline.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
files="$here/deploy"
root=""
backend="Gpio"
assume_yes=0
overlays="ask"
mcu_usb="1a86:7523"   # a CH340 USB-serial adapter; --mcu-usb VID:PID for yours
boot_config=""
action="install"
purge=0

usage() { sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }
die() { echo "install.sh: $*" >&2; exit 1; }

while (($#)); do
  case "$1" in
    --root) root="${2:?--root needs a directory}"; shift 2 ;;
    --backend) backend="${2:?--backend needs Gpio, Serial or Simulator}"; shift 2 ;;
    --yes|-y) assume_yes=1; shift ;;
    --no-overlays) overlays="no"; shift ;;
    --mcu-usb) mcu_usb="${2:?--mcu-usb needs VID:PID}"; shift 2 ;;
    --boot-config) boot_config="${2:?--boot-config needs a path}"; shift 2 ;;
    --rollback) action="rollback"; shift ;;
    --uninstall) action="uninstall"; shift ;;
    --purge) purge=1; shift ;;
    -h|--help) usage 0 ;;
    *) echo "install.sh: unknown option $1" >&2; usage 2 ;;
  esac
done

case "$backend" in Gpio|Serial|Simulator) ;; *) die "--backend must be Gpio, Serial or Simulator, not $backend" ;; esac
[[ "$mcu_usb" =~ ^[0-9a-fA-F]{4}:[0-9a-fA-F]{4}$ ]] || die "--mcu-usb must be VID:PID in hex, e.g. 1a86:7523"
((purge == 0)) || [ "$action" = uninstall ] || die "--purge goes with --uninstall"
[ -z "$root" ] || root="$(cd "$root" && pwd)"
live=0; [ -z "$root" ] && live=1
if ((live)) && [ "$(id -u)" -ne 0 ]; then die "run it as root (sudo)"; fi

step() { echo "==> $*"; }
opt="$root/opt/neckcare"
unit="neckcare-device.service"

restart_service() {
  if ((live)); then
    systemctl daemon-reload
    systemctl restart "$unit"
    systemctl --no-pager --lines=5 status "$unit" || true
  fi
}

# Rollback: current and previous change places.
if [ "$action" = rollback ]; then
  [ -L "$opt/previous" ] || die "there is no previous version to roll back to (${opt#"$root"}/previous)"
  was="$(readlink "$opt/current")"; to="$(readlink "$opt/previous")"
  [ -d "$opt/$to" ] || die "the previous version's files are gone (${opt#"$root"}/$to)"
  ln -sfn "$to" "$opt/current.new" && mv -T "$opt/current.new" "$opt/current"
  ln -sfn "$was" "$opt/previous.new" && mv -T "$opt/previous.new" "$opt/previous"
  step "rolled back from ${was#releases/} to ${to#releases/}"
  restart_service
  exit 0
fi

# Uninstall: the program goes; the state and the settings stay unless --purge.
if [ "$action" = uninstall ]; then
  if ((live)); then systemctl disable --now "$unit" 2>/dev/null || true; else systemctl --root="$root" disable "$unit" 2>/dev/null || true; fi
  rm -f "$root/etc/systemd/system/$unit" "$root/etc/udev/rules.d/60-neckcare.rules" "$root/usr/bin/neckcare"
  rm -rf "$opt"
  if ((purge)); then
    rm -rf "$root/var/lib/neckcare" "$root/etc/neckcare"
    step "removed NeckCare.Device, its state (/var/lib/neckcare) and its settings (/etc/neckcare)"
  else
    step "removed NeckCare.Device; kept its state (/var/lib/neckcare) and settings (/etc/neckcare): --uninstall --purge removes them"
  fi
  if ((live)); then systemctl daemon-reload; fi
  exit 0
fi

# 1. The archive, and whether this machine can run it.
[ -f "$here/VERSION" ] && [ -x "$here/app/NeckCare.Device.Host" ] \
  || die "run the install.sh inside an unpacked release archive (bash deploy/release.sh builds them)"
read -r version rid < "$here/VERSION"
step "checking neckcare $version ($rid)"
(cd "$here" && sha256sum --quiet --strict -c SHA256SUMS) >&2 || die "the archive is damaged (SHA256SUMS does not match); download it again"

# The machine's architecture: this one's, or (with --root) the image's, from its /bin/sh's ELF header.
machine=""
if ((live)); then
  machine="$(uname -m)"
elif [ -f "$root/usr/bin/sh" ] || [ -f "$root/bin/sh" ]; then
  sh_path="$root/usr/bin/sh"; [ -f "$sh_path" ] || sh_path="$root/bin/sh"
  sh_path="$(readlink -f "$sh_path")"
  case "$(od -An -tx1 -j18 -N2 "$sh_path" 2>/dev/null | tr -d ' \n')" in
    b700) machine=aarch64 ;; 3e00) machine=x86_64 ;; 2800) machine=armv7l ;;
  esac
fi
case "$machine" in
  armv6l|armv7l|armhf|arm)
    die "this is a 32-bit system: NeckCare.Device runs on the 64-bit Raspberry Pi OS (bookworm, arm64), on a Pi 3, 4, 5 or Zero 2 W. Install the 64-bit OS, then this archive's linux-arm64 build." ;;
  aarch64) [ "$rid" = linux-arm64 ] || die "this is an arm64 machine; use the linux-arm64 archive, not $rid" ;;
  x86_64) [ "$rid" = linux-x64 ] || die "this is an x86-64 machine; use the linux-x64 archive, not $rid" ;;
esac
if ((live)); then
  glibc="$(getconf GNU_LIBC_VERSION 2>/dev/null | awk '{print $2}')"
  if [ -n "$glibc" ] && [ "$(printf '%s\n' 2.34 "$glibc" | sort -V | head -1)" != 2.34 ]; then
    die "glibc $glibc is too old (2.34 or newer is needed: Raspberry Pi OS bookworm has 2.36)"
  fi
fi

# 2. The user and its groups.
step "creating user neckcare in groups gpio, i2c, dialout"
install -d -m 0755 "$root/etc"
install -D -m 0644 "$files/neckcare.sysusers" "$root/usr/lib/sysusers.d/neckcare.conf"
if ((live)); then systemd-sysusers neckcare.conf; else systemd-sysusers --root="$root" "$root/usr/lib/sysusers.d/neckcare.conf"; fi

# 3. The programs: a folder per version, switched by one rename, so a failed copy changes nothing.
release="releases/$version"
step "installing the programs to /opt/neckcare/$release"
install -d -m 0755 "$opt" "$opt/releases"
rm -rf "$opt/$release.new"
cp -R "$here/app" "$opt/$release.new"
find "$opt/$release.new" -type d -exec chmod 0755 {} +
find "$opt/$release.new" -type f -exec chmod 0644 {} +
chmod 0755 "$opt/$release.new/NeckCare.Device.Host" "$opt/$release.new/neckcare" \
  "$opt/$release.new/NeckCare.Device.SimDevice" "$opt/$release.new/neckcare-conformance"
if [ "$(id -u)" -eq 0 ]; then chown -R root:root "$opt/$release.new"; fi
was=""; [ -L "$opt/current" ] && was="$(readlink "$opt/current")"
rm -rf "$opt/$release.old"
[ ! -d "$opt/$release" ] || mv "$opt/$release" "$opt/$release.old"
mv "$opt/$release.new" "$opt/$release"
rm -rf "$opt/$release.old"
ln -sfn "$release" "$opt/current.new" && mv -T "$opt/current.new" "$opt/current"
if [ -n "$was" ] && [ "$was" != "$release" ]; then
  ln -sfn "$was" "$opt/previous.new" && mv -T "$opt/previous.new" "$opt/previous"
  step "upgraded from ${was#releases/} (kept: ./install.sh --rollback goes back)"
fi
# Two versions are kept: the current and the previous one.
keep_previous="$( [ -L "$opt/previous" ] && readlink "$opt/previous" || true)"
for old in "$opt"/releases/*; do
  [ -d "$old" ] || continue
  rel="releases/$(basename "$old")"
  [ "$rel" = "$release" ] || [ "$rel" = "$keep_previous" ] || rm -rf "$old"
done
install -d -m 0755 "$root/usr/bin"
ln -sfn /opt/neckcare/current/neckcare "$root/usr/bin/neckcare"

# 4. The settings (kept on reinstall: they are the integrator's).
env_file="$root/etc/neckcare/neckcare.env"
install -d -m 0750 "$root/etc/neckcare"
if [ ! -f "$env_file" ]; then
  step "writing /etc/neckcare/neckcare.env (backend $backend)"
  {
    echo "# NeckCare.Device settings: environment variables, '__' for ':' (docs/integrator-guide.md)."
    echo "Hardware__Backend=$backend"
    case "$backend" in
      Serial) echo "Serial__Port=/dev/neckcare-mcu" ;;
      Gpio) echo "# Gpio__PwmDevice=1f00098000.pwm   # fe20c000.pwm on a Pi 4, 3f20c000.pwm on a Pi 3 or Zero 2 W"
            echo "# Gpio__HeaterLine=23" ;;
    esac
  } > "$env_file"
  chmod 0640 "$env_file"
else
  step "keeping /etc/neckcare/neckcare.env"
fi
# Readable by the service's group only: the file may hold an API token.
gid="$(awk -F: '$1 == "neckcare" { print $3 }' "$root/etc/group")"
if [ "$(id -u)" -eq 0 ] && [ -n "$gid" ]; then chgrp "$gid" "$root/etc/neckcare" "$env_file"; fi

# 5. udev rules.
step "writing udev rules (/dev/neckcare-mcu for USB $mcu_usb; gpiochip, i2c and PWM for their groups)"
install -d -m 0755 "$root/etc/udev/rules.d"
sed -e "s/@VENDOR@/${mcu_usb%%:*}/" -e "s/@PRODUCT@/${mcu_usb##*:}/" "$files/60-neckcare.rules" > "$root/etc/udev/rules.d/60-neckcare.rules"
chmod 0644 "$root/etc/udev/rules.d/60-neckcare.rules"
if ((live)); then udevadm control --reload && udevadm trigger || true; fi

# 6. Device-tree overlays for the GPIO backend, only with consent.
overlay_lines=(
  "dtoverlay=pwm-2chan,pin=12,func=4,pin2=13,func2=4"
  "dtparam=i2c_arm=on"
  "dtoverlay=ads1115,addr=0x48,cha_enable=true"
  "dtoverlay=i2c-sensor,ina219"
)
added_overlays=0
if [ "$backend" = Gpio ] && [ "$overlays" != no ]; then
  if [ -z "$boot_config" ]; then
    boot_config="$root/boot/firmware/config.txt"
    [ -f "$boot_config" ] || boot_config="$root/boot/config.txt"
  fi
  marker="# NeckCare.Device (added by install.sh)"
  if [ -f "$boot_config" ] && grep -qF "$marker" "$boot_config"; then
    step "config.txt already has the NeckCare.Device overlays"
  elif [ ! -f "$boot_config" ]; then
    echo "install.sh: no config.txt at $boot_config; add these lines yourself:" >&2
    printf '  %s\n' "${overlay_lines[@]}" >&2
  else
    answer=n
    if ((assume_yes)); then
      answer=y
    elif [ -t 0 ]; then
      echo "The GPIO backend needs these lines in $boot_config (hardware PWM on GPIO12/13, I²C, the ADS1115 and INA219 drivers):"
      printf '  %s\n' "${overlay_lines[@]}"
      read -r -p "Add them? [y/N] " answer
    fi
    if [[ "$answer" =~ ^[Yy] ]]; then
      step "adding the overlays to $boot_config"
      { echo; echo "$marker"; printf '%s\n' "${overlay_lines[@]}"; } >> "$boot_config"
      added_overlays=1
    else
      echo "install.sh: config.txt left unchanged; add the lines above yourself, then reboot." >&2
    fi
  fi
fi

# 7. The unit.
step "installing and enabling $unit"
install -D -m 0644 "$files/$unit" "$root/etc/systemd/system/$unit"
if ((live)); then
  systemctl daemon-reload
  systemctl enable "$unit"
  if ((added_overlays)); then
    echo "Reboot to load the overlays; the service starts at boot."
  else
    restart_service
  fi
else
  systemctl --root="$root" enable "$unit"
fi
step "done: neckcare $version"
