//! The rules, one per file, in graphql-js's order. Each file holds a visitor and its tests.

mod directives_in_valid_locations;
mod executable_definitions;
mod fields_on_correct_type;
mod fragments_on_composite_types;
mod known_argument_names;
mod known_directives;
mod known_fragment_names;
mod known_operation_types;
mod known_type_names;
mod lone_anonymous_operation;
mod max_introspection_depth;
mod no_fragment_cycles;
mod no_undefined_variables;
mod no_unused_fragments;
mod no_unused_variables;
mod overlapping_fields_can_be_merged;
mod possible_fragment_spreads;
mod provided_required_arguments;
mod scalar_leafs;
mod single_field_subscriptions;
mod unique_argument_names;
mod unique_directives_per_location;
mod unique_fragment_names;
mod unique_input_field_names;
mod unique_operation_names;
mod unique_variable_names;
mod values_of_correct_type;
mod variable_usages;
mod variables_are_input_types;
mod variables_in_allowed_position;

use super::visit::Rule;

/// One fresh instance of every rule.
pub(crate) fn all<'a>() -> Vec<Box<dyn Rule<'a> + 'a>> {
    vec![
        Box::new(executable_definitions::ExecutableDefinitions),
        Box::new(unique_operation_names::UniqueOperationNames::default()),
        Box::new(lone_anonymous_operation::LoneAnonymousOperation),
        Box::new(known_operation_types::KnownOperationTypes),
        Box::new(single_field_subscriptions::SingleFieldSubscriptions),
        Box::new(known_type_names::KnownTypeNames),
        Box::new(fragments_on_composite_types::FragmentsOnCompositeTypes),
        Box::new(variables_are_input_types::VariablesAreInputTypes),
        Box::new(scalar_leafs::ScalarLeafs),
        Box::new(fields_on_correct_type::FieldsOnCorrectType),
        Box::new(unique_fragment_names::UniqueFragmentNames::default()),
        Box::new(known_fragment_names::KnownFragmentNames),
        Box::new(no_unused_fragments::NoUnusedFragments),
        Box::new(possible_fragment_spreads::PossibleFragmentSpreads),
        Box::new(no_fragment_cycles::NoFragmentCycles),
        Box::new(unique_variable_names::UniqueVariableNames),
        // No undefined variables, no unused variables and variables in allowed position: one
        // visitor collects the usages the three check.
        Box::new(variable_usages::VariableRules::default()),
        Box::new(known_directives::KnownDirectives),
        Box::new(directives_in_valid_locations::DirectivesInValidLocations),
        Box::new(unique_directives_per_location::UniqueDirectivesPerLocation),
        Box::new(known_argument_names::KnownArgumentNames),
        Box::new(unique_argument_names::UniqueArgumentNames),
        Box::new(values_of_correct_type::ValuesOfCorrectType),
        Box::new(provided_required_arguments::ProvidedRequiredArguments),
        Box::new(overlapping_fields_can_be_merged::OverlappingFieldsCanBeMerged::default()),
        Box::new(unique_input_field_names::UniqueInputFieldNames),
        Box::new(max_introspection_depth::MaxIntrospectionDepth),
    ]
}
