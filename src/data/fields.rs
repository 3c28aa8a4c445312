//! Which field of a pairs row holds the id, the candidate, the references and the language
//! (`--id-field`, `--candidate-field`, `--reference-field`, `--references-field`), for every
//! input format.

/// Field names to read pairs from. The default reads `id`, `candidate` or `prediction`,
/// `reference` and/or `references`, and `lang`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fields {
    pub id: String,
    /// Alternatives: a row must have exactly one of them.
    pub candidate: Vec<String>,
    /// A field holding one reference (a string).
    pub reference: Option<String>,
    /// A field holding a list of references (or one string).
    pub references: Option<String>,
    pub lang: String,
    /// The field holding the text the candidate summarizes, read only when a metric needs it
    /// (`copysource`), so that a column of articles is not loaded for nothing.
    pub source: Option<String>,
    /// More columns a columnar reader should load (importers read them with
    /// `Columns::text`).
    pub extra: Vec<String>,
    /// Numeric fields read into [`super::Pair::scores`] (`--score-field`), in order.
    pub scores: Vec<String>,
    /// True when the reference fields are the defaults, so that CSV also gathers numbered
    /// columns (`reference2`, `reference_3`).
    default_references: bool,
}

impl Default for Fields {
    fn default() -> Fields {
        Fields {
            id: "id".into(),
            candidate: vec!["candidate".into(), "prediction".into()],
            reference: Some("reference".into()),
            references: Some("references".into()),
            lang: "lang".into(),
            source: None,
            extra: Vec::new(),
            scores: Vec::new(),
            default_references: true,
        }
    }
}

impl Fields {
    /// The default names with the given ones replacing them. Naming either reference field
    /// replaces both defaults (a file with `summary` and `references` columns is then read
    /// from `summary` alone).
    pub fn new(
        id: Option<&str>,
        candidate: Option<&str>,
        reference: Option<&str>,
        references: Option<&str>,
    ) -> Fields {
        let mut fields = Fields::default();
        if let Some(id) = id {
            fields.id = id.into();
        }
        if let Some(c) = candidate {
            fields.candidate = vec![c.into()];
        }
        if reference.is_some() || references.is_some() {
            fields.reference = reference.map(Into::into);
            fields.references = references.map(Into::into);
            fields.default_references = false;
        }
        fields
    }

    /// The same names lowercased, for CSV headers (which are read lowercased).
    pub fn lowercased(&self) -> Fields {
        let low = |s: &String| s.to_lowercase();
        Fields {
            id: low(&self.id),
            candidate: self.candidate.iter().map(low).collect(),
            reference: self.reference.as_ref().map(low),
            references: self.references.as_ref().map(low),
            lang: low(&self.lang),
            source: self.source.as_ref().map(low),
            extra: self.extra.iter().map(low).collect(),
            scores: self.scores.iter().map(low).collect(),
            default_references: self.default_references,
        }
    }

    /// True for a CSV column that holds a reference: the reference fields, and with the
    /// default names also numbered ones (`reference2`, `reference_3`); `reference_url` is not
    /// one.
    pub fn is_reference_column(&self, name: &str) -> bool {
        if self.default_references {
            return super::records::is_reference_column(name);
        }
        self.reference.as_deref() == Some(name) || self.references.as_deref() == Some(name)
    }

    /// True when CSV reference columns are gathered into one `references` list (the default
    /// names); with names given, each named column is read as its own field.
    pub fn gathers_references(&self) -> bool {
        self.default_references
    }

    /// The columns a columnar reader needs (id, candidates, references, lang).
    pub fn columns(&self) -> Vec<&str> {
        let mut out = vec![self.id.as_str()];
        out.extend(self.candidate.iter().map(String::as_str));
        out.extend(self.reference.as_deref());
        out.extend(self.references.as_deref());
        out.push(self.lang.as_str());
        out.extend(self.source.as_deref());
        out.extend(self.extra.iter().map(String::as_str));
        out.extend(self.scores.iter().map(String::as_str));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn naming_a_reference_field_replaces_both_defaults() {
        let f = Fields::new(None, Some("summary"), Some("Highlights"), None);
        assert_eq!(f.candidate, ["summary"]);
        assert_eq!(f.reference.as_deref(), Some("Highlights"));
        assert_eq!(f.references, None);
        let csv = f.lowercased();
        assert!(csv.is_reference_column("highlights"));
        assert!(!csv.is_reference_column("references"));
        assert!(Fields::default().is_reference_column("reference_2"));
        assert!(!Fields::default().is_reference_column("reference_url"));
    }
}
