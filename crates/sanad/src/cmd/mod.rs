pub mod extract;
pub mod normalize;
pub mod store;
