/** Backstop llm. */
package io.backstop.llm;
