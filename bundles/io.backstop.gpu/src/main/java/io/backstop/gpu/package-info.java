/** Backstop gpu. */
package io.backstop.gpu;
