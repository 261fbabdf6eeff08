//! The JSON codec: serializers ([`ser`]) and deserializers ([`de`]) of structures and unions,
//! emitted for the JSON protocols (awsJson today; restJson1 reuses them for its bodies).

pub mod de;
pub mod ser;
pub mod value;

use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// Path of a codec function: in `crate::<module>` when production code uses it, else in
/// `crate::test_util::<module>`.
pub(crate) fn codec_path(production: bool, module: &str, name: Ident) -> TokenStream {
    let module = quote::format_ident!("{module}");
    if production {
        quote! { crate::#module::#name }
    } else {
        quote! { crate::test_util::#module::#name }
    }
}
