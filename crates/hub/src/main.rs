//! `tandem`: the one binary a site owner runs. All logic lives in the library.

fn main() -> std::process::ExitCode {
    tandem_hub::cli::main()
}
