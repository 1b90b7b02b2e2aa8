//! Gives the Windows program its icon and its name in Explorer ("Open with" lists a program by
//! the description in its version resource): a resource script, compiled by MinGW's `windres`
//! and linked into `fidelio.exe`. Other targets need nothing from here.

use std::env;
use std::path::PathBuf;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=assets/icon.ico");
    println!("cargo:rerun-if-env-changed=WINDRES");
    if env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("windows") {
        return;
    }
    if env::var("CARGO_CFG_TARGET_ENV").as_deref() != Ok("gnu") {
        // The installers are cross-built with MinGW (dist/build); an MSVC build runs as well,
        // only without its icon.
        println!("cargo:warning=fidelio.exe gets its icon only from the windows-gnu target");
        return;
    }
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let out = PathBuf::from(env::var("OUT_DIR").expect("set by cargo"));
    let icon = manifest.join("assets").join("icon.ico");
    let version = env::var("CARGO_PKG_VERSION").expect("set by cargo");
    let number = |part: &str| env::var(part).expect("set by cargo");
    let (major, minor, patch) = (
        number("CARGO_PKG_VERSION_MAJOR"),
        number("CARGO_PKG_VERSION_MINOR"),
        number("CARGO_PKG_VERSION_PATCH"),
    );
    let script = format!(
        r#"1 ICON "{icon}"
1 VERSIONINFO
FILEVERSION {major},{minor},{patch},0
PRODUCTVERSION {major},{minor},{patch},0
BEGIN
  BLOCK "StringFileInfo"
  BEGIN
    BLOCK "040904B0"
    BEGIN
      VALUE "CompanyName", "Fidelio"
      VALUE "FileDescription", "Fidelio"
      VALUE "FileVersion", "{version}"
      VALUE "InternalName", "fidelio"
      VALUE "OriginalFilename", "fidelio.exe"
      VALUE "ProductName", "Fidelio"
      VALUE "ProductVersion", "{version}"
    END
  END
  BLOCK "VarFileInfo"
  BEGIN
    VALUE "Translation", 0x409, 1200
  END
END
"#,
        icon = icon.display().to_string().replace('\\', "/"),
    );
    let rc = out.join("fidelio.rc");
    let object = out.join("fidelio-resources.o");
    std::fs::write(&rc, script).expect("the resource script is written to OUT_DIR");
    let windres = env::var("WINDRES").unwrap_or_else(|_| {
        if cfg!(windows) {
            "windres"
        } else {
            "x86_64-w64-mingw32-windres"
        }
        .to_string()
    });
    let status = Command::new(&windres)
        .arg("--input")
        .arg(&rc)
        .arg("--output-format=coff")
        .arg("--output")
        .arg(&object)
        .status()
        .unwrap_or_else(|error| {
            panic!("{windres} (MinGW's resource compiler, package binutils-mingw-w64) did not run: {error}")
        });
    assert!(status.success(), "{windres} failed on {}", rc.display());
    println!("cargo:rustc-link-arg-bin=fidelio={}", object.display());
}
