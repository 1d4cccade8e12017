pub(crate) mod profile;
