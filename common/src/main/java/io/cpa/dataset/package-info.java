/**
 * The paper's benchmark datasets in their Hugging Face JSONL form ({@link io.cpa.dataset.DatasetFormat},
 * {@link io.cpa.dataset.DatasetLoader}) and the seeded sample of questions asked from them
 * ({@link io.cpa.dataset.Sampling}).
 */
package io.cpa.dataset;
