//! The words that describe checks and items: severity, evidence source, automation, achievement.

/// Defines a closed vocabulary: an enum whose every value has one name, used as its serde name,
/// by `as_str` and by `Display`.
macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$variant_meta:meta])* $variant:ident = $word:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash,
            serde::Serialize, serde::Deserialize,
        )]
        pub enum $name {
            $( $(#[$variant_meta])* #[serde(rename = $word)] $variant, )+
        }

        impl $name {
            /// Every value, in order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// Its name in reports and in the JSON.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $( $name::$variant => $word, )+
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

pub(crate) use vocabulary;

vocabulary! {
    /// The evidence sections a check can need.
    pub enum SourceKind {
        /// `input.repository`
        Repository = "repository",
        /// `input.terraform`
        Terraform = "terraform",
        /// `input.hr`
        Hr = "hr",
        /// `input.identity`
        Identity = "identity",
        /// `input.assets`: the information asset register
        Assets = "assets",
        /// `input.suppliers`: the supplier register
        Suppliers = "suppliers",
        /// `input.incidents`: the incident log
        Incidents = "incidents",
        /// `input.devices`: the device-management export
        Devices = "devices",
        /// `input.scans`: vulnerability scanner output
        Scans = "scans",
        /// `input.documents`: policy documents under version control
        Documents = "documents",
    }
}

impl SourceKind {
    /// The section name in the evidence document.
    pub fn section(self) -> &'static str {
        self.as_str()
    }
}

vocabulary! {
    /// How much a failure of the check matters.
    pub enum Severity {
        /// Low.
        Low = "low",
        /// Medium.
        Medium = "medium",
        /// High.
        High = "high",
        /// Critical.
        Critical = "critical",
    }
}

vocabulary! {
    /// How an item is evidenced.
    pub enum Automation {
        /// Checks evidence it.
        Automated = "automated",
        /// Checks evidence part of it; an assessor reviews the rest.
        Partly = "partly",
        /// No check: attested in the config, reviewed by an assessor.
        Manual = "manual",
    }
}

vocabulary! {
    /// CAF achievement levels, lowest first.
    pub enum AchievementLevel {
        /// Not achieved.
        NotAchieved = "not-achieved",
        /// Partially achieved.
        PartiallyAchieved = "partially-achieved",
        /// Achieved.
        Achieved = "achieved",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_names_are_the_words() {
        for severity in Severity::ALL {
            let json = serde_json::to_string(severity).unwrap();
            assert_eq!(json, format!("\"{severity}\""));
            assert_eq!(serde_json::from_str::<Severity>(&json).unwrap(), *severity);
        }
        assert_eq!(
            AchievementLevel::PartiallyAchieved.as_str(),
            "partially-achieved"
        );
    }
}
