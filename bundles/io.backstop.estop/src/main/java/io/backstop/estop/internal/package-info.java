/** The emergency stop coordinator. */
package io.backstop.estop.internal;
