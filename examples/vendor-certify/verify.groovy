// The project's test of this sample, after its two builds (invoker.properties): not needed to use the sample.
// basedir is the sample's copy under kconform-maven-plugin/target/it/.
def log = new File(basedir, 'build.log').text

// 1. the reference: certified, the build green
assert log.contains('[kafka-4.4.0] running 4 checks') : 'the reference run did not run the 4 storage.timestamp checks'

// 2. the broken control: the build fails with the verdict line and the gate's line as its message
assert log.contains('BUILD FAILURE') : 'the broken control did not fail the build'
def failure = log.readLines().find { it.contains('Failed to execute goal io.kconform:kconform-maven-plugin') }
assert failure != null : 'no failure of the certify goal in the log'
assert log.contains('Exit 1 (--fail-on must-fail,level-lost): kafka-4.4.0: a MUST check failed: storage.timestamp.create-time-preserved') :
        'the gate line is not in the failure message'

// both runs deleted what they created, and said so with their prefix
def cleanups = log.readLines().findAll { it =~ /\[kafka-4\.4\.0\] deleted \d+ topics and \d+ groups under kconform-/ }
assert cleanups.size() == 2 : "expected a cleanup line from each run, saw: ${cleanups}"
assert !log.contains('could not delete the rest') : 'a run left something on its broker'

// the reports of the last (failing) run are where the build keeps them
def results = new File(basedir, 'target/kconform/results.json')
assert results.isFile() : 'no results.json in target/kconform'
assert new File(basedir, 'target/kconform/report.html').isFile()
assert new File(basedir, 'target/kconform/junit.xml').isFile()
def json = new groovy.json.JsonSlurper().parse(results)
def check = json.targets[0].checks.find { it.id == 'storage.timestamp.create-time-preserved' }
assert check.outcome == 'FAIL' : "create-time-preserved is ${check.outcome} on the broken control"

// and no broker of theirs lives on: no process runs from the sample's folder (where /proc tells, as on Linux)
def ours = (new File('/proc').listFiles() ?: []).findAll { it.name ==~ /\d+/ }.findAll { proc ->
    def cmd = new File(proc, 'cmdline')
    try { cmd.canRead() && cmd.text.contains(basedir.absolutePath + '/target/kconform') } catch (e) { false }
}
assert ours.isEmpty() : "processes still running from ${basedir}/target/kconform: ${ours*.name}"
return true
