//! Whole-document tests: the shipped example essay, the APA samples when present, the
//! coverage property and speed.
