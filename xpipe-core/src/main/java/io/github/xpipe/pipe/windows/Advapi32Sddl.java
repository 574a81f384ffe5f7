package io.github.xpipe.pipe.windows;

import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

import org.jspecify.annotations.Nullable;

/**
 * jna-platform's {@link Advapi32} with the one call it lacks:
 * {@code ConvertStringSecurityDescriptorToSecurityDescriptor}, which turns the pipe's SDDL into the
 * self-relative security descriptor {@code CreateNamedPipe} takes (freed with {@code LocalFree}).
 */
interface Advapi32Sddl extends Advapi32 {

	/** {@code SDDL_REVISION_1}. */
	int SDDL_REVISION_1 = 1;

	boolean ConvertStringSecurityDescriptorToSecurityDescriptor(String sddl, int revision,
			PointerByReference securityDescriptor, @Nullable IntByReference securityDescriptorSize);

}
