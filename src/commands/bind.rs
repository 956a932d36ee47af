//! The one option binder: every door hands it a command's raw `(name, value)` pairs, and it
//! returns the typed [`Request`] or a [`BindError`] worded once. The console line parser, the
//! interaction reader, button ids and dispatch's own check all come through here, so the same
//! mistake reads the same from every door.

use super::{find, CommandSpec};
use crate::request::{BindError, OptionSpec, OptionType, OptionValue, Raw, Request};
use crate::text::{quote_user, ECHO_MAX};

/// The command named `name` exactly.
pub fn command(name: &str) -> Result<&'static CommandSpec, BindError> {
    find(name).ok_or_else(|| BindError::UnknownCommand(quote_user(name, ECHO_MAX)))
}

/// Binds `pairs` to `spec`: each name must be an option, each value must fit it (type and
/// range), none may repeat, and every required option must be given and not blank. Fixed
/// choices are left to [`check`]: a door passes the value on as typed, and the engine reads it
/// by value or shown name.
pub fn bind<'a>(
    spec: &'static CommandSpec,
    pairs: impl IntoIterator<Item = (&'a str, Raw<'a>)>,
) -> Result<Request, BindError> {
    let mut request = Request::new(spec.name);
    for (name, raw) in pairs {
        let (name, value) = bind_one(spec, name, raw)?;
        if request.options.insert(name.to_owned(), value).is_some() {
            return Err(BindError::Repeated {
                command: spec.name.to_owned(),
                option: name.to_owned(),
            });
        }
    }
    if let Some(opt) = spec
        .options
        .iter()
        .find(|o| o.required && !given(request.options.get(o.name)))
    {
        return Err(BindError::Missing {
            command: spec.name.to_owned(),
            option: opt.name.to_owned(),
            expected: opt.expects(),
            example: spec.example_hint(),
        });
    }
    Ok(request)
}

/// Checks a request before it is answered: everything [`bind`] checks (it may have been built
/// in code), and that a text option with fixed choices names one (blank means "no filter").
/// Returns its command.
pub fn check(request: &Request) -> Result<&'static CommandSpec, BindError> {
    let spec = command(&request.command)?;
    bind(
        spec,
        request.options.iter().map(|(k, v)| (k.as_str(), v.raw())),
    )?;
    for opt in spec.options.iter().filter(|o| !o.choices.is_empty()) {
        if let Some(OptionValue::String(s)) = request.options.get(opt.name) {
            if !s.trim().is_empty() && opt.choice(s).is_none() {
                return Err(bad_value(spec, opt, Raw::Str(s)));
            }
        }
    }
    Ok(spec)
}

/// One option of `spec`, typed; for [`bind`], and for autocomplete, which keeps whatever fits
/// of a half-typed command.
pub fn bind_one(
    spec: &'static CommandSpec,
    name: &str,
    raw: Raw<'_>,
) -> Result<(&'static str, OptionValue), BindError> {
    let opt = spec
        .option(name)
        .ok_or_else(|| unknown_option(spec, name))?;
    let value = match (opt.kind, raw) {
        (OptionType::String, Raw::Text(s) | Raw::Str(s)) => Some(OptionValue::String(s.to_owned())),
        (OptionType::Integer { .. }, Raw::Text(s)) => {
            s.trim().parse().ok().map(OptionValue::Integer)
        }
        (OptionType::Integer { .. }, Raw::Int(n)) => Some(OptionValue::Integer(n)),
        (OptionType::Boolean, Raw::Text(s)) => boolean(s).map(OptionValue::Boolean),
        (OptionType::Boolean, Raw::Bool(b)) => Some(OptionValue::Boolean(b)),
        _ => None,
    };
    let in_bounds = |value: &OptionValue| match (opt.kind, value) {
        (OptionType::Integer { min, max }, OptionValue::Integer(n)) => (min..=max).contains(n),
        _ => true,
    };
    match value {
        Some(value) if in_bounds(&value) => Ok((opt.name, value)),
        _ => Err(bad_value(spec, opt, raw)),
    }
}

fn bad_value(spec: &CommandSpec, opt: &OptionSpec, raw: Raw<'_>) -> BindError {
    BindError::BadValue {
        command: spec.name.to_owned(),
        option: opt.name.to_owned(),
        expected: opt.expects(),
        value: quote_user(&raw.shown(), ECHO_MAX),
    }
}

/// Whether a required option counts as given: a blank text does not.
fn given(value: Option<&OptionValue>) -> bool {
    match value {
        Some(OptionValue::String(s)) => !s.trim().is_empty(),
        Some(_) => true,
        None => false,
    }
}

/// The words a person may type for a boolean.
fn boolean(typed: &str) -> Option<bool> {
    match typed.trim().to_lowercase().as_str() {
        "true" | "yes" | "on" | "1" => Some(true),
        "false" | "no" | "off" | "0" => Some(false),
        _ => None,
    }
}

/// An option `spec` does not take, listing the ones it does.
pub fn unknown_option(spec: &CommandSpec, option: &str) -> BindError {
    let takes = if spec.options.is_empty() {
        "It takes no options.".to_owned()
    } else {
        let names: Vec<String> = spec
            .options
            .iter()
            .map(|o| format!("`{}:`", o.name))
            .collect();
        format!("It takes {}.", names.join(", "))
    };
    BindError::UnknownOption {
        command: spec.name.to_owned(),
        option: quote_user(option, ECHO_MAX),
        takes,
    }
}
