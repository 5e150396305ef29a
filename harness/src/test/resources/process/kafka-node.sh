#!/bin/sh
# Starts one Apache Kafka node (broker and KRaft controller) the way a vendor's start script would:
# writes its configuration, formats its storage, then runs the server in the foreground. The server
# is deliberately not exec'ed: it stays a child of this shell, so that stopping the target must stop a
# process tree, not a single process. Binds 127.0.0.1 only.
#
# usage: kafka-node.sh <port> <controller-port> <config-dir> <data-dir>
# environment: JAVA (the java binary), CLASSPATH (Apache Kafka's jars), CLUSTER_ID
set -eu
port=$1
controller=$2
config="$3/server.properties"
data=$4

cat > "$config" <<PROPERTIES
# written by kafka-node.sh for a kconform process target
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$data/logs
num.partitions=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=5
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=5
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
PROPERTIES

echo "kafka-node.sh: formatting $data/logs"
"$JAVA" -Xmx256m -XX:TieredStopAtLevel=1 kafka.tools.StorageTool format -t "$CLUSTER_ID" -c "$config"
echo "kafka-node.sh: starting Apache Kafka on 127.0.0.1:$port (controller 127.0.0.1:$controller)"
"$JAVA" -Xms256m -Xmx1g -XX:+UseG1GC -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=240m kafka.Kafka "$config"
