package io.backstop.strategies.workspace.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * The sandbox of strategy code, workspace strategies and generated ones alike, applied to the
 * compiled bytes before a class is defined. The JDK has no security manager any more, so what
 * strategy code may do is decided by what it references: every class, method and field named in
 * its bytecode (types, descriptors, instructions, constants, method handles) is checked against an
 * allow-list of the strategy API packages, {@code java.lang} basics and {@code java.util}
 * collections, functions and streams. A class that references anything else is not loaded.
 * <p>
 * Loops cannot be refused, so every backward jump and every method's entry gets a call to
 * {@link LoopGuard#poll()}, which ends the run once its thread is interrupted: a strategy whose loop
 * never returns is abandoned by interrupting it, not left spinning. Catching the guard's error does
 * not keep a loop alive: the interrupt stays set (strategy code cannot reach {@code Thread}), so the
 * guard throws again at the next backward jump or call, and javac's exception handlers all lie after
 * the code they cover, so once interrupted the code can only move forward and out. The method entries
 * cover what has no backward jump of its own: recursion, and a JDK loop calling a strategy's lambda
 * ({@code IntStream.iterate(0, k -> k + 1).forEach(...)}).
 */
final class BytecodeSandbox {

	/**
	 * A reference the sandbox refuses.
	 *
	 * @param className the class that holds it (binary name)
	 * @param line      source line, 0 when the bytecode gives none
	 * @param what      what is used, for people: {@code java.io.File}, {@code java.lang.System.exit}
	 * @param why       why it is refused: {@code file access is not allowed in strategies}
	 */
	record Refusal(String className, int line, String what, String why) {

		/** {@code uses java.io.File (file access is not allowed in strategies)}. */
		String message() {
			return "uses " + what + " (" + why + ")";
		}
	}

	private static final String FILES = "file access is not allowed in strategies";
	private static final String NETWORK = "network access is not allowed in strategies";
	private static final String THREADS = "threads are not allowed in strategies";
	private static final String REFLECTION = "reflection and class loading are not allowed in strategies";
	private static final String PROCESSES = "processes and control of the JVM are not allowed in strategies";
	private static final String ENVIRONMENT = "reading the environment or system properties is not allowed in strategies";
	private static final String CONSOLE = "console output is not allowed in strategies";
	private static final String INTERNALS = "Backstop's internals are not allowed in strategies: only the strategy API "
			+ String.join(", ", StrategyClassLoader.API_PACKAGES.stream().sorted().toList());
	private static final String ELSE = "only the strategy API, java.lang basics and java.util collections, functions"
			+ " and streams are allowed in strategies";

	/** {@code java.lang} classes strategy code may use (internal names without the package). */
	private static final Set<String> JAVA_LANG = Set.of("Object", "String", "StringBuilder", "StringBuffer",
			"CharSequence", "Math", "StrictMath", "Number", "Integer", "Long", "Double", "Float", "Short", "Byte",
			"Character", "Boolean", "Void", "Enum", "Record", "Comparable", "Iterable", "AutoCloseable", "Cloneable",
			"Runnable", "FunctionalInterface", "Deprecated", "SafeVarargs", "Override", "SuppressWarnings",
			"Throwable", "Exception", "RuntimeException", "Error", "AssertionError", "ArithmeticException",
			"ArrayIndexOutOfBoundsException", "IndexOutOfBoundsException", "StringIndexOutOfBoundsException",
			"NegativeArraySizeException", "NullPointerException", "IllegalArgumentException", "IllegalStateException",
			"UnsupportedOperationException", "ClassCastException", "NumberFormatException",
			"CloneNotSupportedException", "MatchException", "NoSuchFieldError", "StackOverflowError",
			"ArrayStoreException", "Class");
	/** The members of {@code java.lang.Class} compiled code needs (enum switches, asserts, names). */
	private static final Set<String> CLASS_MEMBERS = Set.of("getName", "getSimpleName", "desiredAssertionStatus",
			"isInstance", "cast", "getEnumConstants");
	/** {@code java.util} classes that reach outside or start threads. */
	private static final Set<String> JAVA_UTIL_REFUSED = Set.of("Timer", "TimerTask", "ServiceLoader", "Scanner",
			"Properties", "ResourceBundle", "PropertyResourceBundle", "ListResourceBundle", "Formatter");
	/** Bootstrap methods javac emits for lambdas, string concatenation, records and switches. */
	private static final Set<String> BOOTSTRAPS = Set.of("java/lang/invoke/LambdaMetafactory.metafactory",
			"java/lang/invoke/LambdaMetafactory.altMetafactory", "java/lang/invoke/StringConcatFactory.makeConcatWithConstants",
			"java/lang/invoke/StringConcatFactory.makeConcat", "java/lang/runtime/ObjectMethods.bootstrap",
			"java/lang/runtime/SwitchBootstraps.typeSwitch", "java/lang/runtime/SwitchBootstraps.enumSwitch",
			"java/lang/invoke/ConstantBootstraps.invoke", "java/lang/invoke/ConstantBootstraps.nullConstant");

	private static final String GUARD_OWNER = Type.getInternalName(LoopGuard.class);

	private BytecodeSandbox() {
	}

	/** Every refused reference of {@code classes} (by binary name), in class and line order. */
	static List<Refusal> check(Map<String, byte[]> classes) {
		Set<String> own = new HashSet<>();
		classes.keySet().forEach(name -> own.add(name.replace('.', '/')));
		List<Refusal> refusals = new ArrayList<>();
		classes.keySet().stream().sorted().forEach(name -> {
			Checker checker = new Checker(own, refusals);
			new ClassReader(classes.get(name)).accept(checker, 0);
		});
		return refusals;
	}

	/** The class with a {@link LoopGuard#poll()} call at every method's entry and before every backward jump. */
	static byte[] guardLoops(byte[] bytes) {
		ClassReader reader = new ClassReader(bytes);
		ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
		reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
			@Override
			public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
					String[] exceptions) {
				return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, name, descriptor, signature, exceptions)) {
					private final Set<Label> seen = new HashSet<>();

					@Override
					public void visitCode() {
						super.visitCode();
						super.visitMethodInsn(Opcodes.INVOKESTATIC, GUARD_OWNER, "poll", "()V", false);
					}

					@Override
					public void visitLabel(Label label) {
						seen.add(label);
						super.visitLabel(label);
					}

					@Override
					public void visitJumpInsn(int opcode, Label label) {
						if (seen.contains(label)) {
							super.visitMethodInsn(Opcodes.INVOKESTATIC, GUARD_OWNER, "poll", "()V", false);
						}
						super.visitJumpInsn(opcode, label);
					}
				};
			}
		}, 0);
		return writer.toByteArray();
	}

	/**
	 * Why {@code owner} (an internal name) is refused, or null when strategy code may use it. A
	 * member name narrows the check for the few classes of which only some members are allowed.
	 */
	static String refusedWhy(String owner, String member) {
		int slash = owner.lastIndexOf('/');
		String pkg = slash < 0 ? "" : owner.substring(0, slash);
		String simple = owner.substring(slash + 1);
		String outer = simple.contains("$") ? simple.substring(0, simple.indexOf('$')) : simple;
		if (StrategyClassLoader.API_PACKAGES.contains(pkg.replace('/', '.'))) {
			return null;
		}
		return switch (pkg) {
		case "java/lang" -> javaLang(outer, member);
		case "java/util" -> JAVA_UTIL_REFUSED.contains(outer) ? ELSE : null;
		case "java/util/function", "java/util/regex", "java/util/random" -> null;
		case "java/util/stream" -> "parallel".equals(member) ? THREADS : null;
		case "java/util/concurrent", "java/util/concurrent/atomic", "java/util/concurrent/locks" -> THREADS;
		case "java/lang/reflect", "java/lang/invoke", "java/lang/runtime", "java/lang/constant", "java/lang/module" ->
			REFLECTION;
		default -> outsideJavaLang(pkg);
		};
	}

	private static String javaLang(String simple, String member) {
		switch (simple) {
		case "Thread", "ThreadGroup", "ThreadLocal", "InheritableThreadLocal", "VirtualThread", "ScopedValue":
			return THREADS;
		case "ClassLoader", "Module", "ModuleLayer", "StackWalker", "Package":
			return REFLECTION;
		case "Runtime", "Process", "ProcessBuilder", "ProcessHandle", "Shutdown":
			return PROCESSES;
		case "System":
			return system(member);
		case "Class":
			return member == null || CLASS_MEMBERS.contains(member) ? null : REFLECTION;
		case "Object":
			return member != null && (member.equals("wait") || member.startsWith("notify")) ? THREADS : null;
		case "Throwable":
			return "printStackTrace".equals(member) ? CONSOLE : null;
		case "Integer", "Long", "Boolean":
			return member != null && member.startsWith("get") && !member.equals("getClass") ? ENVIRONMENT : null;
		default:
			return JAVA_LANG.contains(simple) ? null : ELSE;
		}
	}

	private static String system(String member) {
		if (member == null) {
			return null;
		}
		return switch (member) {
		case "arraycopy", "nanoTime", "currentTimeMillis", "identityHashCode", "lineSeparator" -> null;
		case "exit", "halt", "gc", "runFinalization", "load", "loadLibrary", "setSecurityManager", "mapLibraryName" ->
			PROCESSES;
		case "out", "err", "in", "console", "setOut", "setErr", "setIn", "inheritedChannel", "getLogger" -> CONSOLE;
		default -> ENVIRONMENT;
		};
	}

	private static String outsideJavaLang(String pkg) {
		if (pkg.startsWith("java/io") || pkg.startsWith("java/nio")) {
			return FILES;
		}
		if (pkg.startsWith("java/net") || pkg.startsWith("javax/net") || pkg.startsWith("java/rmi")) {
			return NETWORK;
		}
		if (pkg.startsWith("java/lang/management") || pkg.startsWith("java/lang/ref")) {
			return PROCESSES;
		}
		if (pkg.startsWith("io/backstop")) {
			return INTERNALS;
		}
		return ELSE;
	}

	/** Collects the refused references of one class, with the source line of each. */
	private static final class Checker extends ClassVisitor {
		private final Set<String> own;
		private final List<Refusal> refusals;
		private final Set<String> reported = new HashSet<>();
		private String className;

		Checker(Set<String> own, List<Refusal> refusals) {
			super(Opcodes.ASM9);
			this.own = own;
			this.refusals = refusals;
		}

		@Override
		public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
			className = name.replace('/', '.');
			if (superName != null) {
				type(superName, 0);
			}
			for (String i : interfaces) {
				type(i, 0);
			}
		}

		@Override
		public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
			descriptor(Type.getType(descriptor), 0);
			return null;
		}

		@Override
		public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
				String[] exceptions) {
			return new MethodVisitor(Opcodes.ASM9) {
				private int line;
				private boolean signatureChecked;

				private void signatureAt(int at) {
					if (!signatureChecked) {
						signatureChecked = true;
						Type method = Type.getMethodType(descriptor);
						descriptor(method.getReturnType(), at);
						for (Type argument : method.getArgumentTypes()) {
							descriptor(argument, at);
						}
						if (exceptions != null) {
							for (String e : exceptions) {
								type(e, at);
							}
						}
					}
				}

				@Override
				public void visitLineNumber(int lineNumber, Label start) {
					line = lineNumber;
					signatureAt(lineNumber);
				}

				@Override
				public void visitTypeInsn(int opcode, String type) {
					type(type, line);
				}

				@Override
				public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
					member(owner, name, line);
					descriptor(Type.getType(descriptor), line);
				}

				@Override
				public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
					member(owner, name, line);
					methodDescriptor(descriptor, line);
				}

				@Override
				public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
					if (!BOOTSTRAPS.contains(bootstrap.getOwner() + "." + bootstrap.getName())) {
						refuse(bootstrap.getOwner(), bootstrap.getName(), REFLECTION, line);
					}
					methodDescriptor(descriptor, line);
					for (Object argument : arguments) {
						constant(argument, line);
					}
				}

				@Override
				public void visitLdcInsn(Object value) {
					constant(value, line);
				}

				@Override
				public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
					descriptor(Type.getType(descriptor), line);
				}

				@Override
				public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
					if (type != null) {
						type(type, line);
					}
				}

				@Override
				public void visitEnd() {
					signatureAt(0);
				}
			};
		}

		private void constant(Object value, int line) {
			if (value instanceof Type t) {
				if (t.getSort() == Type.METHOD) {
					methodDescriptor(t.getDescriptor(), line);
				} else {
					descriptor(t, line);
				}
			} else if (value instanceof Handle h) {
				member(h.getOwner(), h.getName(), line);
				methodDescriptor(h.getDesc().startsWith("(") ? h.getDesc() : "()" + h.getDesc(), line);
			} else if (value instanceof ConstantDynamic c) {
				refuse(c.getBootstrapMethod().getOwner(), c.getBootstrapMethod().getName(), REFLECTION, line);
			}
		}

		private void methodDescriptor(String descriptor, int line) {
			Type method = Type.getMethodType(descriptor);
			descriptor(method.getReturnType(), line);
			for (Type argument : method.getArgumentTypes()) {
				descriptor(argument, line);
			}
		}

		private void descriptor(Type type, int line) {
			Type element = type.getSort() == Type.ARRAY ? type.getElementType() : type;
			if (element.getSort() == Type.OBJECT) {
				type(element.getInternalName(), line);
			}
		}

		private void type(String internalName, int line) {
			member(internalName, null, line);
		}

		/** An array's members are its element type's concern; the sources' own classes are allowed. */
		private void member(String owner, String name, int line) {
			String checked = owner;
			if (owner.startsWith("[")) {
				Type element = Type.getType(owner).getElementType();
				if (element.getSort() != Type.OBJECT) {
					return;
				}
				checked = element.getInternalName();
				name = null;
			}
			if (!own.contains(checked)) {
				String why = refusedWhy(checked, name);
				if (why != null) {
					refuse(checked, name, why, line);
				}
			}
		}

		private void refuse(String owner, String member, String why, int line) {
			String what = Type.getObjectType(owner).getClassName() + (member == null ? "" : "." + member);
			String shown = refusedWhy(owner, null) != null ? Type.getObjectType(owner).getClassName() : what;
			// one line per thing used and place, not one per instruction that mentions it
			if (reported.add(shown + "@" + line)) {
				refusals.add(new Refusal(className, line, shown, why));
			}
		}
	}
}
