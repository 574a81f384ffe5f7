// The application's jna is the one xpipe-dependencies manages, not the one jna-platform 5.13.0 asks for.
def dependencies = new File(basedir, 'target/dependencies.txt').text
def expected = "net.java.dev.jna:jna:jar:${jnaVersion}"
assert dependencies.contains(expected) : "expected ${expected} in:\n${dependencies}"
assert !dependencies.contains('net.java.dev.jna:jna:jar:5.13.0') : "jna 5.13.0 leaked in:\n${dependencies}"
