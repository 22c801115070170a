#!/usr/bin/env bash
# Installs NeckCare.Device on a Raspberry Pi (Raspberry Pi OS bookworm, arm64 or armhf) as a hardened
# systemd service, in one command:
#
#   sudo deploy/install.sh --publish DIR [--backend Gpio|Serial|Simulator] [--yes]
#
# DIR is a framework-dependent publish (on any machine with the .NET 10 SDK:
#   dotnet publish src/NeckCare.Device.Host -c Release -o DIR -p:UseAppHost=false
# the same files run on arm64 and armhf). Without --publish, the script publishes from this checkout
# if a .NET SDK is on PATH.
#
# What it does, each step idempotent:
#   1. installs the ASP.NET Core 10 runtime under /usr/lib/dotnet if dotnet is missing;
#   2. creates the neckcare user in groups gpio, i2c and dialout (systemd-sysusers);
#   3. installs the publish to /opt/neckcare, owned by root (the service cannot change its own code);
#   4. writes /etc/neckcare/neckcare.env (the service's settings) unless it exists;
#   5. writes udev rules: /dev/neckcare-mcu for a USB-serial microcontroller, gpiochip*, i2c and PWM
#      for their groups;
#   6. for the GPIO backend, adds the dtoverlay lines to config.txt, only with your consent;
#   7. installs, enables and starts the unit (Type=notify, watchdog, hardened).
#
# --root DIR installs into DIR instead of / (for tests and image builders): nothing is downloaded,
# nothing is started, and systemd-sysusers and systemctl work on DIR offline.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root=""
publish=""
backend="Gpio"
assume_yes=0
overlays="ask"
mcu_usb="1a86:7523"   # a CH340 USB-serial adapter; --mcu-usb VID:PID for yours
boot_config=""

usage() { sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }
die() { echo "install.sh: $*" >&2; exit 1; }

while (($#)); do
  case "$1" in
    --root) root="${2:?--root needs a directory}"; shift 2 ;;
    --publish) publish="${2:?--publish needs a directory}"; shift 2 ;;
    --backend) backend="${2:?--backend needs Gpio, Serial or Simulator}"; shift 2 ;;
    --yes|-y) assume_yes=1; shift ;;
    --no-overlays) overlays="no"; shift ;;
    --mcu-usb) mcu_usb="${2:?--mcu-usb needs VID:PID}"; shift 2 ;;
    --boot-config) boot_config="${2:?--boot-config needs a path}"; shift 2 ;;
    -h|--help) usage 0 ;;
    *) echo "install.sh: unknown option $1" >&2; usage 2 ;;
  esac
done

case "$backend" in Gpio|Serial|Simulator) ;; *) die "--backend must be Gpio, Serial or Simulator, not $backend" ;; esac
[[ "$mcu_usb" =~ ^[0-9a-fA-F]{4}:[0-9a-fA-F]{4}$ ]] || die "--mcu-usb must be VID:PID in hex, e.g. 1a86:7523"
[ -z "$root" ] || root="$(cd "$root" && pwd)"
live=0; [ -z "$root" ] && live=1
if ((live)) && [ "$(id -u)" -ne 0 ]; then die "run it as root (sudo)"; fi

step() { echo "==> $*"; }

# 1. The runtime.
dotnet_bin="$root/usr/bin/dotnet"
if [ ! -x "$dotnet_bin" ]; then
  if ((live)); then
    step "installing the ASP.NET Core 10 runtime under /usr/lib/dotnet"
    command -v curl >/dev/null || apt-get install -y curl
    curl -fsSL https://dot.net/v1/dotnet-install.sh -o /tmp/dotnet-install.sh
    bash /tmp/dotnet-install.sh --runtime aspnetcore --channel 10.0 --install-dir /usr/lib/dotnet
    ln -sf /usr/lib/dotnet/dotnet /usr/bin/dotnet
  else
    die "$dotnet_bin is missing; in --root mode the runtime must already be in the image"
  fi
fi

# 2. The user and its groups.
step "creating user neckcare in groups gpio, i2c, dialout"
install -d -m 0755 "$root/etc"
install -D -m 0644 "$here/neckcare.sysusers" "$root/usr/lib/sysusers.d/neckcare.conf"
if ((live)); then systemd-sysusers neckcare.conf; else systemd-sysusers --root="$root" "$root/usr/lib/sysusers.d/neckcare.conf"; fi

# 3. The program.
if [ -z "$publish" ]; then
  command -v dotnet >/dev/null && [ -f "$here/../src/NeckCare.Device.Host/NeckCare.Device.Host.csproj" ] \
    || die "--publish DIR is required (no .NET SDK or no source checkout here)"
  publish="$(mktemp -d)"
  step "publishing from this checkout"
  dotnet publish "$here/../src/NeckCare.Device.Host" -c Release -o "$publish" -p:UseAppHost=false >/dev/null
fi
[ -f "$publish/NeckCare.Device.Host.dll" ] || die "$publish has no NeckCare.Device.Host.dll; is it a publish of src/NeckCare.Device.Host?"
step "installing the program to /opt/neckcare"
rm -rf "$root/opt/neckcare.new"
install -d -m 0755 "$root/opt/neckcare.new"
cp -R "$publish/." "$root/opt/neckcare.new/"
find "$root/opt/neckcare.new" -type d -exec chmod 0755 {} +
find "$root/opt/neckcare.new" -type f -exec chmod 0644 {} +
if [ "$(id -u)" -eq 0 ]; then chown -R root:root "$root/opt/neckcare.new"; fi
rm -rf "$root/opt/neckcare.old"
[ ! -d "$root/opt/neckcare" ] || mv "$root/opt/neckcare" "$root/opt/neckcare.old"
mv "$root/opt/neckcare.new" "$root/opt/neckcare"
rm -rf "$root/opt/neckcare.old"

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
sed -e "s/@VENDOR@/${mcu_usb%%:*}/" -e "s/@PRODUCT@/${mcu_usb##*:}/" "$here/60-neckcare.rules" > "$root/etc/udev/rules.d/60-neckcare.rules"
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
step "installing and enabling neckcare-device.service"
install -D -m 0644 "$here/neckcare-device.service" "$root/etc/systemd/system/neckcare-device.service"
if ((live)); then
  systemctl daemon-reload
  systemctl enable neckcare-device.service
  if ((added_overlays)); then
    echo "Reboot to load the overlays; the service starts at boot."
  else
    systemctl restart neckcare-device.service
    systemctl --no-pager --lines=5 status neckcare-device.service || true
  fi
else
  systemctl --root="$root" enable neckcare-device.service
fi
step "done"
