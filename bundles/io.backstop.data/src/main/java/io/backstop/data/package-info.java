/** Backstop data. */
package io.backstop.data;
