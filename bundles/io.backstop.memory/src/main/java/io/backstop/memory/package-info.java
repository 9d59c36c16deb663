/** Backstop memory. */
package io.backstop.memory;
