#!/bin/sh
echo "hello from app2: $(cat /opt/packages/installed | wc -l) packages, $(ls /opt/lib | wc -l) libraries"
